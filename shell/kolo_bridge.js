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

// ---- durable storage: IndexedDB -------------------------------------------------------------
// One database "kolo" with two stores: "snapshots" (the newest few documents, keyed by seq)
// and "set_aside" (snapshots that could not be read, kept for inspection). A write is one
// readwrite transaction that first checks that the newest seq is still the one the write was
// based on: IndexedDB runs overlapping readwrite transactions one after another, so this is a
// compare-and-swap across tabs. Results go back to C++ through the exported kolo_storage_*
// functions (src/platform/web_main.cpp). Rules and reasons: src/storage/snapshots.hpp.
mergeInto(LibraryManager.library, {
  // Opening the database starts when the module script runs (see __postset), not when the
  // wasm asks: on a fresh profile the browser takes most of a second to create it, and that
  // can overlap the wasm's download and compile.
  $KoloStore__postset: 'KoloStore.openEarly();',
  $KoloStore: {
    db: null,
    channel: null,
    opening: null,  // {error} or {db} once the open request has settled
    waiting: [],
    openEarly: function () {
      var settle = function (error, db) {
        if (KoloStore.opening) return;
        KoloStore.opening = { error: error, db: db };
        KoloStore.waiting.splice(0).forEach(function (f) { f(); });
      };
      try {
        if (typeof window === 'undefined' || !window.indexedDB) throw new Error('IndexedDB is not available in this browser');
        var req = window.indexedDB.open('kolo', 1);
        req.onupgradeneeded = function () {
          var db = req.result;
          if (!db.objectStoreNames.contains('snapshots')) db.createObjectStore('snapshots', { keyPath: 'seq' });
          if (!db.objectStoreNames.contains('set_aside')) db.createObjectStore('set_aside', { keyPath: 'seq' });
        };
        req.onerror = function () { settle(req.error, null); };
        req.onblocked = function () { settle(new Error('IndexedDB is blocked by another Kolo tab being upgraded'), null); };
        req.onsuccess = function () { settle(null, req.result); };
      } catch (e) { settle(e, null); }
    },
    whenOpen: function (f) {
      if (KoloStore.opening) f(); else KoloStore.waiting.push(f);
    },
    KEEP: 5,
    WATCHDOG_MS: 10000,
    describe: function (e) {
      if (!e) return 'unknown error';
      return (e.name ? e.name + ': ' : '') + (e.message || String(e));
    },
    // Hands every snapshot to C++ and then calls onDone(error or null), exactly once. The
    // hand-over happens in one go when the transaction completes, so two overlapping reads
    // can never mix their snapshots.
    deliverAll: function (onDone) {
      var settled = false;
      var finish = function (err, list) {
        if (settled) return;
        settled = true;
        if (!err) {
          list.forEach(function (s) {
            Module['_kolo_storage_snapshot'](s.seq, koloString(typeof s.text === 'string' ? s.text : ''));
          });
        }
        onDone(err);
      };
      var tx, req;
      try {
        tx = KoloStore.db.transaction(['snapshots'], 'readonly');
        req = tx.objectStore('snapshots').getAll();
      } catch (e) { finish(e, null); return; }
      tx.oncomplete = function () { finish(null, req.result || []); };
      tx.onerror = function () { finish(tx.error || req.error, null); };
      tx.onabort = function () { finish(tx.error || req.error, null); };
    },
  },
  kolo_js_storage_open__deps: ['$KoloStore', '$koloString'],
  kolo_js_storage_open: function () {
    var opened = function (code, message) {
      Module['_kolo_storage_opened'](code, koloString(message || ''));
    };
    KoloStore.whenOpen(function () {
      if (KoloStore.opening.error) { opened(1, KoloStore.describe(KoloStore.opening.error)); return; }
      KoloStore.db = KoloStore.opening.db;
      // Another tab upgrading the database asks us to let go; we do.
      KoloStore.db.onversionchange = function () { KoloStore.db.close(); };
      if (navigator.storage && navigator.storage.persist) {
        navigator.storage.persist().then(function (granted) { Module['koloPersisted'] = granted; }, function () {});
      }
      if (typeof BroadcastChannel === 'function') {
        KoloStore.channel = new BroadcastChannel('kolo');
        KoloStore.channel.onmessage = function (m) {
          if (m.data && typeof m.data.seq === 'number') Module['_kolo_storage_changed'](m.data.seq);
        };
      }
      KoloStore.deliverAll(function (err) { opened(err ? 1 : 0, err ? KoloStore.describe(err) : ''); });
    });
  },
  kolo_js_storage_reload__deps: ['$KoloStore', '$koloString'],
  kolo_js_storage_reload: function () {
    // 2: reloaded; 3: the reload failed (storage is still there: a later save may work).
    KoloStore.deliverAll(function (err) {
      Module['_kolo_storage_opened'](err ? 3 : 2, koloString(err ? KoloStore.describe(err) : ''));
    });
  },
  kolo_js_storage_write__deps: ['$KoloStore', '$koloString'],
  kolo_js_storage_write: function (baseSeq, textPtr) {
    var text = UTF8ToString(textPtr);  // copied now: the C++ buffer may change before the write runs
    var settled = false;
    var done = function (code, seq, message) {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      Module['_kolo_storage_written'](code, seq, koloString(message || ''));
      if (code === 0 && KoloStore.channel) KoloStore.channel.postMessage({ seq: seq });
    };
    // A transaction may never call back (an aborted one, in some browsers): never wait forever.
    // The watchdog aborts it first, so a write reported as failed cannot commit later; if it
    // is already committing, its own completion will report.
    var watchdog = setTimeout(function watch() {
      try {
        tx.abort();
        done(2, 0, 'the browser did not answer within 10 s');
      } catch (e) {
        watchdog = setTimeout(watch, KoloStore.WATCHDOG_MS);
      }
    }, KoloStore.WATCHDOG_MS);
    var tx;
    try { tx = KoloStore.db.transaction(['snapshots'], 'readwrite'); } catch (e) { done(2, 0, KoloStore.describe(e)); return; }
    var store = tx.objectStore('snapshots');
    var conflictAt = -1;
    var seq = baseSeq + 1;
    var cursor = store.openCursor(null, 'prev');
    cursor.onsuccess = function () {
      var head = cursor.result ? cursor.result.value.seq : 0;
      if (head !== baseSeq) { conflictAt = head; tx.abort(); return; }
      try {
        store.put({ seq: seq, saved_at: new Date().toISOString(), text: text });
        if (seq - KoloStore.KEEP >= 1) store.delete(IDBKeyRange.upperBound(seq - KoloStore.KEEP));
      } catch (e) { done(2, 0, KoloStore.describe(e)); try { tx.abort(); } catch (e2) {} }
    };
    tx.oncomplete = function () { done(0, seq, ''); };
    tx.onabort = function () {
      if (conflictAt >= 0) done(1, conflictAt, 'another tab saved first');
      else done(2, 0, KoloStore.describe(tx.error));
    };
    tx.onerror = function (e) { e.preventDefault(); };  // reported once, by onabort
  },
  kolo_js_storage_set_aside__deps: ['$KoloStore'],
  // Keeps a copy of an unreadable snapshot for inspection. The snapshot itself stays where it
  // is, so its seq is never handed out again (a tab still based on it must see a conflict),
  // and it drops out of the newest five like any other.
  kolo_js_storage_set_aside: function (seq) {
    try {
      var tx = KoloStore.db.transaction(['snapshots', 'set_aside'], 'readwrite');
      var get = tx.objectStore('snapshots').get(seq);
      get.onsuccess = function () {
        if (get.result) tx.objectStore('set_aside').put(get.result);
      };
    } catch (e) { console.warn('Kolo: could not set snapshot ' + seq + ' aside: ' + KoloStore.describe(e)); }
  },
  // What navigator.storage.persist() answered: 1 granted, 0 refused, -1 not known (yet).
  kolo_js_storage_persisted: function () {
    var p = Module['koloPersisted'];
    return p === true ? 1 : p === false ? 0 : -1;
  },
  // Offers `length` bytes at `dataPtr` as a file: any bytes (a PNG, a zip), not only text, so
  // they are copied out of the wasm memory as they are, never decoded as a string.
  kolo_js_download: function (namePtr, mimePtr, dataPtr, length) {
    var bytes = HEAPU8.slice(dataPtr, dataPtr + length);
    var blob = new Blob([bytes], { type: UTF8ToString(mimePtr) });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(namePtr);
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  },
  // The picker shows the kinds the app reads (`accept`, from src/ui/file_kinds.cpp); what the
  // user picks goes the same way as a dropped file (shell/site/app.js).
  kolo_js_pick_file: function (acceptPtr) {
    var input = document.getElementById('kolo-file');
    input.accept = UTF8ToString(acceptPtr);
    input.value = '';
    input.click();
  },
  kolo_js_now_iso__deps: ['$koloString'],
  kolo_js_now_iso: function () { return koloString(new Date().toISOString().slice(0, 19)); },
});
