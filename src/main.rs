fn main() {
    spanmark::start();
}
