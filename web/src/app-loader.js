// The widget ships as a small shell (magnete.js or magnete.mjs: the custom element, mount,
// forget) and its app (magnete-app.mjs: rendering, the controller, the core's loader), which
// the shell imports only when a widget starts. A page that shows pre-rendered markup runs almost
// no script while it loads: the app comes at idle time or at the first interaction.

let base = null;
let app = null;

/** Where the bundle's files live: the folder of the script that loaded the shell. */
export function setBase(url) {
  base = url;
}

/** Imports magnete-app.mjs once (beside the shell) and tells it where the other files are. */
export function loadApp() {
  if (!app) {
    const where = base || document.baseURI;
    app = import(new URL('magnete-app.mjs', where).href).then((module) => {
      module.setBundleUrl(new URL('.', where).href);
      return module;
    }, (error) => {
      app = null; // a later start may try again
      throw error;
    });
  }
  return app;
}
