// The JS side of the C++ <-> page bridge, linked with --js-library. Each function is called from
// src/platform/web_main.cpp; the page-level objects (window.kolo, paste handling) are in
// shell/site/app.js.
mergeInto(LibraryManager.library, {
  $koloString: function (s) {
    if (s === null || s === undefined) return 0;
    var n = lengthBytesUTF8(s) + 1;
    var p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
  },
  kolo_js_settings_load__deps: ['$koloString'],
  kolo_js_settings_load: function () {
    try { return koloString(window.localStorage.getItem('kolo.settings')); } catch (e) { return 0; }
  },
  kolo_js_settings_save: function (json) {
    // Settings are a convenience: if storage refuses them, the app goes on with them in memory.
    try { window.localStorage.setItem('kolo.settings', UTF8ToString(json)); } catch (e) {}
  },
  kolo_js_browser_language__deps: ['$koloString'],
  kolo_js_browser_language: function () {
    return koloString((navigator.languages && navigator.languages[0]) || navigator.language || 'en');
  },
  kolo_js_clipboard_write: function (text) {
    var s = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(function () {});
  },
  kolo_js_set_title: function (title, lang) {
    document.title = UTF8ToString(title);
    document.documentElement.lang = UTF8ToString(lang);
  },
  kolo_js_first_frame: function () {
    if (Module.koloFirstFrame) Module.koloFirstFrame(Module);
  },
});
