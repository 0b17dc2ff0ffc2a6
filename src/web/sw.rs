//! The service worker (`sw.js`, written into the build by `scripts/pwa/post-build.mjs`):
//! registration, and handing over to a new release when the person asks for it.
//!
//! Nothing here may break the app: without service workers (an insecure origin, `file://`,
//! a browser that disables them) or when registration fails, the app simply runs online.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

/// Beside index.html, whatever folder the app is served from; its scope is that folder.
const SCRIPT: &str = "./sw.js";
/// What the worker's message handler answers with `skipWaiting()`.
const SKIP_WAITING: &str = "skip-waiting";

fn container() -> Option<ServiceWorkerContainer> {
    let window = web_sys::window()?;
    if !window.is_secure_context() {
        return None;
    }
    // `navigator.serviceWorker` is missing where service workers are disabled.
    let sw = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("serviceWorker")).ok()?;
    (!sw.is_undefined() && !sw.is_null()).then(|| sw.unchecked_into())
}

/// Registers `sw.js`. `on_update` runs when a new release has been installed while this page
/// runs the old one (it then waits for [`apply_update`]); not on the very first install.
pub fn register(on_update: impl Fn() + 'static) {
    let Some(sw) = container() else { return };
    let on_update: Rc<dyn Fn()> = Rc::new(on_update);
    spawn_local(async move {
        // Not a registration when the browser blocks workers (automation,
        // some privacy settings): then there is nothing to watch.
        let Some(reg) = JsFuture::from(sw.register(SCRIPT))
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
        else {
            return;
        };
        // Found before we listened: already waiting, or still installing.
        if reg.waiting().is_some() && sw.controller().is_some() {
            on_update();
        } else if let Some(worker) = reg.installing() {
            watch(&sw, worker, on_update.clone());
        }
        let found = {
            let reg = reg.clone();
            Closure::<dyn FnMut()>::new(move || {
                if let Some(worker) = reg.installing() {
                    watch(&sw, worker, on_update.clone());
                }
            })
        };
        reg.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
        found.forget();
    });
}

/// Calls `on_update` when `worker` finishes installing while an older worker controls the page.
fn watch(sw: &ServiceWorkerContainer, worker: ServiceWorker, on_update: Rc<dyn Fn()>) {
    let sw = sw.clone();
    let w = worker.clone();
    let changed = Closure::<dyn FnMut()>::new(move || {
        if w.state() == ServiceWorkerState::Installed && sw.controller().is_some() {
            on_update();
        }
    });
    worker.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
    changed.forget();
}

/// Switches to the waiting release and reloads once it controls the page (or just reloads).
pub fn apply_update() {
    let Some(sw) = container() else {
        return reload();
    };
    spawn_local(async move {
        let waiting = JsFuture::from(sw.get_registration())
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
            .and_then(|r| r.waiting());
        let Some(worker) = waiting else {
            return reload();
        };
        let on_change = Closure::<dyn FnMut()>::new(reload);
        sw.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
        if worker
            .post_message(&JsValue::from_str(SKIP_WAITING))
            .is_err()
        {
            reload();
        }
    });
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
