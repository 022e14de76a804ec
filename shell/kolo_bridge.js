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
  // Offers a Blob as a file of that name (the browser's download).
  $koloOffer: function (blob, name) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
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
  // A printable page (a referral letter): rendered in a hidden frame of its own, not from the
  // canvas, and handed to the browser's print dialog. The frame stays until the next print, so
  // the page can be checked (tests/README.md: #kolo-print).
  kolo_js_print_html: function (html) {
    var old = document.getElementById('kolo-print');
    if (old) old.remove();
    var frame = document.createElement('iframe');
    frame.id = 'kolo-print';
    frame.setAttribute('aria-hidden', 'true');
    frame.setAttribute('tabindex', '-1');
    frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
    frame.onload = function () {
      try { frame.contentWindow.focus(); frame.contentWindow.print(); } catch (e) { /* print blocked: the frame stays */ }
    };
    frame.srcdoc = UTF8ToString(html);
    document.body.appendChild(frame);
  },
  // Called right after a frame is drawn, in the same task, so the WebGL canvas still holds
  // that frame: the rectangle (CSS pixels) is copied at the canvas's own resolution (device
  // pixels) into a 2D canvas and offered as a PNG file.
  kolo_js_save_canvas_png__deps: ['$koloOffer'],
  kolo_js_save_canvas_png: function (namePtr, x, y, w, h) {
    var name = UTF8ToString(namePtr);
    var src = Module['canvas'];
    var scale = src.clientWidth > 0 ? src.width / src.clientWidth : 1;
    var out = document.createElement('canvas');
    out.width = Math.max(1, Math.round(w * scale));
    out.height = Math.max(1, Math.round(h * scale));
    out.getContext('2d').drawImage(src, Math.round(x * scale), Math.round(y * scale), out.width, out.height,
                                   0, 0, out.width, out.height);
    out.toBlob(function (blob) { if (blob) koloOffer(blob, name); }, 'image/png');
  },
  // Self-contained pages (a board page, an offline copy): this app as one .html that opens
  // from file:// with no network. Both are made by KoloPage.make(elements, title):
  //  - served: the page, the scripts and the wasm of the build index.html names are read back
  //    from where the app was served (the service worker's cache answers when offline); the
  //    wasm is gzip-compressed (where the browser can) and base64-encoded into #kolo-wasm, the
  //    scripts inlined as #kolo-js and #kolo-app;
  //  - from a self-contained page itself: its own text as read at start (app.js,
  //    window.koloPageSource), with the elements swapped.
  // `elements` are the <script type="application/json"> elements the new page carries
  // (#kolo-board, #kolo-copy, #kolo-data), their text with "<" escaped, so the first
  // "</script>" ends them. They go first in the scripts block: app.js, the last element,
  // finds them parsed.
  $KoloPage__deps: ['$koloString'],
  $KoloPage: {
    json: function (id, text) {
      return '<script type="application/json" id="' + id + '">' + text.replace(/</g, '\\u003c') + '</script>\n';
    },
    base64: function (bytes) {
      var parts = [];
      for (var i = 0; i < bytes.length; i += 0x8000)
        parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
      return btoa(parts.join(''));
    },
    // Inside <script>, "</script" would end the element early, and "<!--" could change how
    // the rest is read: both are written so that JavaScript reads the same text.
    inline: function (js) { return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--'); },
    escapeHtml: function (t) {
      return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    },
    get: function (url, binary) {
      return fetch(url, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
        return binary ? r.arrayBuffer() : r.text();
      });
    },
    gzip: function (bytes) {
      if (typeof CompressionStream !== 'function') return Promise.resolve(null);
      var stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
      return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); }, function () { return null; });
    },
    retitle: function (page, title) {
      return page.replace(/<title>[\s\S]*?<\/title>/, function () { return '<title>' + KoloPage.escapeHtml(title) + '</title>'; });
    },
    fromSource: function (source, elements, title) {
      var at = source.indexOf('<!--kolo-scripts-->');
      if (at < 0) throw new Error('this page has no scripts block to copy');
      at += '<!--kolo-scripts-->'.length;
      var page = source.slice(0, at) + '\n' + elements + source.slice(at).replace(/<script type="application\/json" id="kolo-(?:board|copy|data)">[^<]*<\/script>\n?/g, '').replace(/^\n+/, '');
      return KoloPage.retitle(page, title);
    },
    fromServer: function (elements, title) {
      return KoloPage.get('./').then(function (page) {
        var m = /window\.koloBuild = '([0-9a-f]+)'/.exec(page);
        if (!m) throw new Error('index.html names no build');
        var v = '?v=' + m[1];
        return Promise.all([KoloPage.get('kolo.js' + v), KoloPage.get('app.js' + v), KoloPage.get('kolo.wasm' + v, true)]).then(function (r) {
          var wasm = new Uint8Array(r[2]);
          return KoloPage.gzip(wasm).then(function (packed) {
            var wasmElement = '<script type="application/octet-stream" id="kolo-wasm" data-encoding="' +
              (packed ? 'gzip' : 'base64') + '">' + KoloPage.base64(packed || wasm) + '</script>\n';
            // The head's early fetch needs a server; the manifest and its icon are files beside
            // it (the page's own icon is inside it already).
            page = page.replace(/<script id="kolo-fetch">[\s\S]*?<\/script>/, function () {
              return '<script id="kolo-fetch">window.koloBuild = \'' + m[1] + '\';</script>';
            });
            page = page.replace(/<link rel="(?:manifest|apple-touch-icon)"[^>]*>\n?/g, function () { return ''; });
            var open = page.indexOf('<!--kolo-scripts-->'), close = page.indexOf('<!--/kolo-scripts-->');
            if (open < 0 || close < open) throw new Error('index.html has no scripts block');
            var scripts = '<!--kolo-scripts-->\n' + elements + wasmElement +
              '<script id="kolo-js">' + KoloPage.inline(r[0]) + '</script>\n' +
              '<script id="kolo-app">' + KoloPage.inline(r[1]) + '</script>\n';
            return KoloPage.retitle(page.slice(0, open) + scripts + page.slice(close), title);
          });
        });
      });
    },
    // Resolves with the page's text.
    make: function (elements, title) {
      if (window.koloPageSource) return Promise.resolve().then(function () { return KoloPage.fromSource(window.koloPageSource, elements, title); });
      if (location.protocol === 'file:')  // a page the browser saved: its files cannot be read back
        return Promise.reject(new Error('file://'));
      return KoloPage.fromServer(elements, title);
    },
    // This page's offline copy element ({format, version, copy, made_at, saved_at}), or null.
    copyInfo: function () {
      var el = document.getElementById('kolo-copy');
      if (!el) return null;
      try { var c = JSON.parse(el.textContent); return c && typeof c === 'object' ? c : null; } catch (e) { return null; }
    },
    // The name of this page's own file (for an updated copy of it), or ''.
    fileName: function () {
      if (location.protocol !== 'file:') return '';
      try { return decodeURIComponent(location.pathname.split('/').pop() || ''); } catch (e) { return ''; }
    },
  },
  // A board page (Host::save_board_page): the board as the element the app reads at start
  // (kolo_js_board_page). A failure is told to the app, which says so.
  kolo_js_save_board_page__deps: ['$koloOffer', '$koloString', '$KoloPage'],
  kolo_js_save_board_page: function (namePtr, elementPtr, titlePtr) {
    var name = UTF8ToString(namePtr), element = UTF8ToString(elementPtr), title = UTF8ToString(titlePtr);
    KoloPage.make(element.replace(/\n?$/, '\n'), title).then(function (page) {
      koloOffer(new Blob([page], { type: 'text/html' }), name);
    }).catch(function (err) {
      Module['_kolo_board_page_failed'](koloString(String((err && err.message) || err)));
    });
  },
  // An offline copy (Host::save_offline_copy): the app as one .html with a #kolo-copy element
  // ({format: "kolo-offline-copy", version 1, copy: its id, which names its database, made_at})
  // and, given `dataPtr` (Kolo JSON; empty: none), the data as #kolo-data. `sameCopy`: an
  // updated copy of this copy (the single-file way), keeping its id. Answers
  // kolo_offline_copy_done(1, '') once offered, or (0, why).
  kolo_js_save_offline_copy__deps: ['$koloOffer', '$koloString', '$KoloPage'],
  kolo_js_save_offline_copy: function (namePtr, dataPtr, titlePtr, sameCopy) {
    var name = UTF8ToString(namePtr), data = UTF8ToString(dataPtr), title = UTF8ToString(titlePtr);
    var now = new Date().toISOString().slice(0, 19) + 'Z';
    var copy = sameCopy ? KoloPage.copyInfo() : null;
    if (copy) {
      copy.saved_at = now;
    } else {
      var id = new Uint8Array(8);
      crypto.getRandomValues(id);
      copy = { format: 'kolo-offline-copy', version: 1,
               copy: Array.prototype.map.call(id, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join(''),
               made_at: now, build: window.koloBuild || '' };
    }
    var elements = KoloPage.json('kolo-copy', JSON.stringify(copy)) + (data ? KoloPage.json('kolo-data', data) : '');
    if (!name) name = KoloPage.fileName() || 'kolo-offline.html';
    KoloPage.make(elements, title).then(function (page) {
      koloOffer(new Blob([page], { type: 'text/html' }), name);
      Module['_kolo_offline_copy_done'](1, koloString(''));
    }).catch(function (err) {
      Module['_kolo_offline_copy_done'](0, koloString(String((err && err.message) || err)));
    });
  },
  // What kind of page this is: 0 served (http/https), 1 a page saved by the browser and opened
  // from a file, 2 an offline copy, 3 a board page.
  kolo_js_page_kind: function () {
    if (document.getElementById('kolo-board')) return 3;
    if (document.getElementById('kolo-copy')) return 2;
    return location.protocol === 'file:' ? 1 : 0;
  },
  // The offline copy's element and the data it carries (malloc'd), or 0.
  kolo_js_copy_info__deps: ['$koloString'],
  kolo_js_copy_info: function () {
    var el = document.getElementById('kolo-copy');
    return el ? koloString(el.textContent) : 0;
  },
  kolo_js_copy_data__deps: ['$koloString'],
  kolo_js_copy_data: function () {
    var el = document.getElementById('kolo-data');
    return el ? koloString(el.textContent) : 0;
  },
  // 1 the first time this page's storage asks about `key`, then 0 (a notice told once).
  kolo_js_first_time__deps: ['$KoloStore'],
  kolo_js_first_time: function (keyPtr) {
    var key = 'kolo.told.' + KoloStore.name() + '.' + UTF8ToString(keyPtr);
    try {
      if (window.localStorage.getItem(key)) return 0;
      window.localStorage.setItem(key, new Date().toISOString());
    } catch (e) {}
    return 1;
  },
  kolo_js_reload: function () { location.reload(); },
  kolo_js_install: function () { if (window.koloOffline) window.koloOffline.install(); },
  // While the app holds work kept nowhere yet (a liaison's suggestions not exported), closing
  // or reloading the page asks first (the browser's own question).
  kolo_js_warn_on_leave: function (on) {
    window.onbeforeunload = on ? function (e) { e.preventDefault(); e.returnValue = ''; return ''; } : null;
  },
  // The board a board page carries, or 0 on an ordinary page.
  kolo_js_board_page__deps: ['$koloString'],
  kolo_js_board_page: function () {
    var el = document.getElementById('kolo-board');
    return el ? koloString(el.textContent) : 0;
  },
  // Where the user is (App::route): the address after '#', a new history entry (push) or in
  // place of the current one; the page's title and language follow.
  kolo_js_set_route: function (route, title, lang, push) {
    var hash = '#' + UTF8ToString(route);
    if (location.hash !== hash) {
      try {
        if (push) history.pushState(null, '', hash); else history.replaceState(null, '', hash);
      } catch (e) { /* a page that may not change its address (a sandboxed frame): it goes on without */ }
    }
    document.title = UTF8ToString(title);
    document.documentElement.lang = UTF8ToString(lang);
  },
  kolo_js_initial_route__deps: ['$koloString'],
  kolo_js_initial_route: function () {
    var h = location.hash;
    if (!h || h.length < 2) return 0;
    try { return koloString(decodeURIComponent(h.slice(1))); } catch (e) { return koloString(h.slice(1)); }
  },
  kolo_js_frame_drawn: function () {
    if (window.koloAccess) window.koloAccess.frameDrawn();
  },
  kolo_js_first_frame: function () {
    if (Module.koloFirstFrame) Module.koloFirstFrame(Module);
  },
});

// ---- durable storage: IndexedDB, record by record ------------------------------------------
// Database "kolo", version 3 (rules and reasons: src/storage/records.hpp):
//   records            {k: "partners/12", rev, text, refs: [keys it refers to]}; index "refs"
//   meta               {k: "doc", format: "kolo", version, next_id}; {k: "lock", ...} while
//                      the passphrase lock is on (records then hold `sealed`, not `text`:
//                      shell/kolo_lock.js)
//   set_aside_records  records that could not be read, kept for inspection
//   snapshots, set_aside   version 1's whole snapshots, read once to upgrade a profile
//   sync_records, sync_conflicts, sync_meta   team sync's state (version 3, shell/kolo_sync.js)
// A save is one readwrite transaction with durability "strict" (so "saved" means on disk, not
// only handed to the operating system): it first reads what it is about to change and aborts,
// writing nothing, if another tab changed one of those records, still refers to one it
// deletes, or deleted one it refers to. Results go back to C++ through the exported
// kolo_storage_* functions (src/platform/web_main.cpp).
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
    late: null,  // a database that answered after the page went on without it
    asked: false,  // the app asked for storage (kolo_js_storage_open)
    clearUnderLock: false,  // the load found texts in clear under the lock (sealed after it)
    settingAside: null,     // the records set aside at start, being moved (a promise)
    VERSION: 5,        // of the Kolo file format the records are written in (io/kolo_json.hpp)
    ID_BLOCK: 1000,    // ids a tab reserves at a time (storage/records.hpp, kIdBlock)
    WATCHDOG_MS: 10000,
    // A page opened from a file may have no storage at all (an opaque origin); some browsers
    // then never answer. It waits this long, then takes the single-file way (web_main.cpp).
    FILE_OPEN_MS: 1000,
    // The database: 'kolo' for the app (served, or a page saved from it); an offline copy has
    // one of its own, named by its id, so that two copies on one disk never mix their data.
    name: function () {
      var el = typeof document !== 'undefined' && document.getElementById('kolo-copy');
      if (!el) return 'kolo';
      var m = /"copy"\s*:\s*"([0-9a-f]{1,32})"/.exec(el.textContent);
      return 'kolo-copy-' + (m ? m[1] : 'unnamed');
    },
    openEarly: function () {
      var timer = null;
      var settle = function (error, db) {
        if (KoloStore.opening) {
          // Answered after the wait was over: the page went on without it. The app may still
          // take it (kolo_storage_late: nothing changed yet), else it is closed unread.
          if (!db) return;
          if (!KoloStore.asked) {  // the app has not asked yet: it gets the database after all
            KoloStore.opening = { error: null, db: db };
            return;
          }
          KoloStore.late = db;
          Module['_kolo_storage_late']();
          return;
        }
        clearTimeout(timer);
        KoloStore.opening = { error: error, db: db };
        KoloStore.waiting.splice(0).forEach(function (f) { f(); });
      };
      // A board page shows its board only and keeps nothing: no database is opened for it
      // (kolo_js_board_page; web_main then never asks for storage).
      if (typeof document !== 'undefined' && document.getElementById('kolo-board')) return;
      try {
        if (typeof window === 'undefined' || !window.indexedDB) throw new Error('IndexedDB is not available in this browser');
        if (location.protocol === 'file:') {
          timer = setTimeout(function () {
            settle(new Error('the browser did not open storage for this file within a second'), null);
          }, KoloStore.FILE_OPEN_MS);
        }
        var req = window.indexedDB.open(KoloStore.name(), 3);
        req.onupgradeneeded = function () {
          var db = req.result;
          if (!db.objectStoreNames.contains('records')) {
            db.createObjectStore('records', { keyPath: 'k' }).createIndex('refs', 'refs', { multiEntry: true });
          }
          if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'k' });
          if (!db.objectStoreNames.contains('set_aside_records')) db.createObjectStore('set_aside_records', { autoIncrement: true });
          if (!db.objectStoreNames.contains('snapshots')) db.createObjectStore('snapshots', { keyPath: 'seq' });
          if (!db.objectStoreNames.contains('set_aside')) db.createObjectStore('set_aside', { keyPath: 'seq' });
          ['sync_records', 'sync_conflicts', 'sync_meta'].forEach(function (name) {
            if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath: 'k' });
          });
        };
        req.onerror = function () { settle(req.error, null); };
        req.onblocked = function () { settle(new Error('IndexedDB is blocked by another Kolo tab being upgraded'), null); };
        req.onsuccess = function () { settle(null, req.result); };
      } catch (e) { settle(e, null); }
    },
    // The database is open: read everything and answer the app (kolo_storage_opened).
    start: function (db) {
      KoloStore.db = db;
      // Another tab upgrading the database asks us to let go; we do.
      KoloStore.db.onversionchange = function () { KoloStore.db.close(); };
      if (navigator.storage && navigator.storage.persist) {
        navigator.storage.persist().then(function (granted) { Module['koloPersisted'] = granted; }, function () {});
      }
      if (typeof BroadcastChannel === 'function') {
        KoloStore.channel = new BroadcastChannel(KoloStore.name());
        // Another tab saved these records: read them as they are stored now (and, in the tab
        // that syncs, push them). A tab that connected or left team sync starts every tab again.
        KoloStore.channel.onmessage = function (m) {
          if (m.data && m.data.reload) { window.onbeforeunload = null; location.reload(); return; }
          if (!m.data || !Array.isArray(m.data.keys)) return;
          KoloStore.fetch(m.data.keys);
          if (m.data.from !== 'sync') KoloSync.noteLocal(m.data.keys);
        };
      }
      // Locked (shell/kolo_lock.js): the app asks for the passphrase first (kolo_lock_screen),
      // and loads once kolo_js_storage_unlock has the data key.
      KoloLock.read(db).then(function (desc) {
        if (desc && !KoloLock.key) { Module['_kolo_lock_screen'](0, koloString('')); return; }
        KoloStore.loadAll();
      }, function (e) {
        // Whether the data is locked is not known: nothing is read (nor set aside for it).
        Module['_kolo_storage_opened'](1, koloString(KoloStore.describe(e)), 0);
      });
    },
    loadAll: function () {
      Module['_kolo_lock_status'](KoloLock.desc ? 1 : 0);
      KoloStore.load(function (err, blockStart, writeError) {
        // Code 0 with a message: opened, but storage refused to write (why).
        var why = err || writeError;
        Module['_kolo_storage_opened'](err ? 1 : 0, koloString(why ? KoloStore.describe(why) : ''), blockStart || 0);
        if (!err) KoloSync.boot();
        // Turning the lock on or off was cut off (its mark), or texts were found in clear
        // under it: finished now.
        var d = KoloLock.desc;
        if (!err && KoloLock.key && d) {
          var finish = d.clearing ? KoloLock.finishOff(KoloStore.db, KoloSync.resealConfig)
            : (d.sealing || KoloStore.clearUnderLock) ? KoloLock.finishOn(KoloStore.db, KoloSync.resealConfig) : null;
          if (finish) {
            finish.then(function () { Module['_kolo_lock_status'](KoloLock.desc ? 1 : 0); }, function (e) {
              console.warn('Kolo: could not finish turning the lock ' + (d.clearing ? 'off' : 'on') + ': ' + KoloStore.describe(e));
            });
          }
        }
      });
    },
    whenOpen: function (f) {
      if (KoloStore.opening) f(); else KoloStore.waiting.push(f);
    },
    // Reads `keys` as stored now and hands them to C++ (kolo_storage_external): another tab
    // saved them. A key that is gone is handed over with text null.
    fetch: function (keys) {
      var tx, read = [];
      if (KoloLock.desc && !KoloLock.key) return;  // not unlocked here: nothing is shown yet
      try {
        tx = KoloStore.db.transaction(['records'], 'readonly');
        var store = tx.objectStore('records');
        keys.forEach(function (k) {
          var req = store.get(k);
          req.onsuccess = function () { read.push({ k: k, stored: req.result }); };
        });
      } catch (e) { console.warn('Kolo: could not read another tab\'s changes: ' + KoloStore.describe(e)); return; }
      tx.oncomplete = function () {
        // (A sealed text that does not open is handed over as unreadable, as at start.)
        Promise.all(read.map(function (x) {
          var r = x.stored;
          return KoloLock.open(r).then(function (t) { return t; }, function () { return ''; }).then(function (text) {
            return { k: x.k, rev: r ? r.rev : 0, text: r ? (text === null ? '' : text) : null };
          });
        })).then(function (out) { Module['_kolo_storage_external'](koloString(JSON.stringify(out))); });
      };
    },
    // The save itself (kolo_js_storage_write): compare-and-swap on every record's revision.
    write: function (request, started) {
      var settled = false;
      var watchdog = null;
      var tx;
      var done = function (code, blockStart, message, keys, nextId) {
        if (settled) return;
        settled = true;
        clearTimeout(watchdog);
        // For the benchmarks (window.kolo.state().last_write): the write alone, in the browser.
        Module['koloLastWrite'] = { ms: performance.now() - started, records: request ? request.writes.length : 0, code: code };
        Module['_kolo_storage_written'](code, blockStart || 0, koloString(message || ''));
        if (code === 0 && KoloStore.channel && keys.length) KoloStore.channel.postMessage({ keys: keys, next_id: nextId });
        if (code === 0) KoloSync.noteLocal(keys);
      };
      if (!request || !Array.isArray(request.writes)) { done(2, 0, 'the save request could not be read'); return; }
      // A transaction may never call back (an aborted one, in some browsers): never wait forever.
      // The watchdog aborts it after 10 s in which nothing was answered (a big save, 150,000
      // records after an import, answers all along and may take longer in all: it must not be cut
      // off), first, so a write reported as failed cannot commit later; if it is already
      // committing, its own completion will report.
      var lastAnswer = performance.now();
      var answered = function () { lastAnswer = performance.now(); };
      watchdog = setTimeout(function watch() {
        var quiet = performance.now() - lastAnswer;
        if (quiet < KoloStore.WATCHDOG_MS) {
          watchdog = setTimeout(watch, KoloStore.WATCHDOG_MS - quiet);
          return;
        }
        try {
          tx.abort();
          done(2, 0, 'the browser did not answer within 10 s');
        } catch (e) {
          watchdog = setTimeout(watch, KoloStore.WATCHDOG_MS);
        }
      }, KoloStore.WATCHDOG_MS);
      try {
        tx = KoloStore.db.transaction(['records', 'meta', 'sync_records'], 'readwrite', { durability: 'strict' });
      } catch (e) { done(2, 0, KoloStore.describe(e)); return; }
      var records = tx.objectStore('records');
      var metaStore = tx.objectStore('meta');
      var writing = {};
      request.writes.forEach(function (w) { writing[w.k] = true; });
      var conflicts = [];
      var seen = {};
      var conflict = function (key, stored, why) {
        if (seen[key]) return;
        seen[key] = true;
        conflicts.push({ k: key, rev: stored ? stored.rev : 0, stored: stored || null, why: why });
      };
      var pending = 0;
      var meta = null;
      var blockStart = 0;
      var keys = [];
      var newer = false;
      var misfit = false;
      var failure = null;
      var checked = function () {
        if (--pending > 0) return;
        try {
          if (newer || misfit) { tx.abort(); return; }
          if (conflicts.length) { tx.abort(); return; }
          request.writes.forEach(function (w) {
            keys.push(w.k);
            if (w.text === null) {
              records.delete(w.k).onsuccess = answered;
              // Deleted by the user here: the one way team sync pushes a deletion (a record that
              // is merely missing, set aside at start, is never deleted on other devices).
              var syncs = tx.objectStore('sync_records'), was = syncs.get(w.k);
              was.onsuccess = function () {
                if (was.result) { was.result.deleted_here = true; syncs.put(was.result); }
              };
            }
            else records.put(KoloLock.keep({ k: w.k, rev: w.base + 1, refs: w.refs || [] }, w.box || { text: w.text })).onsuccess = answered;
          });
          var next = Math.max(meta && typeof meta.next_id === 'number' ? meta.next_id : 1, request.next_id || 1);
          if (request.reserve) { blockStart = next; next += KoloStore.ID_BLOCK; }
          metaStore.put({ k: 'doc', format: 'kolo', version: KoloStore.VERSION, next_id: next, records_written: true, claimed: true });
          meta = { next_id: next };
        } catch (e) { done(2, 0, KoloStore.describe(e)); try { tx.abort(); } catch (e2) {} }
      };
      var read = function (req, onValue) {
        pending++;
        req.onsuccess = function () { answered(); onValue(req.result); checked(); };
      };
      try {
        pending++;  // held until every read below is issued
        read(metaStore.get('doc'), function (m) { meta = m || null; newer = !!(m && m.version > KoloStore.VERSION); });
      // Texts in the form the lock asks for (shell/kolo_lock.js, fits): else another tab
      // changed the lock and this one did not start again.
      var sample = null;
      request.writes.forEach(function (w) { if (w.text !== null && !sample) sample = w.box || { text: w.text }; });
      if (sample) read(metaStore.get('lock'), function (l) { if (!KoloLock.fits(l, sample)) misfit = true; });
        request.writes.forEach(function (w) {
          read(records.get(w.k), function (stored) {
            var rev = stored ? stored.rev : 0;
            if (rev !== w.base) conflict(w.k, stored, 'changed');
          });
          if (w.text === null) {
            // Nothing stored outside this save may still refer to what it deletes.
            read(records.index('refs').getAll(w.k), function (referrers) {
              (referrers || []).forEach(function (r) { if (!writing[r.k]) conflict(r.k, r, 'referenced'); });
            });
          } else {
            // What it refers to must still be there.
            (w.refs || []).forEach(function (ref) {
              if (writing[ref]) return;
              read(records.count(ref), function (n) { if (!n) conflict(ref, null, 'missing'); });
            });
          }
        });
        checked();
      } catch (e) { done(2, 0, KoloStore.describe(e)); try { tx.abort(); } catch (e2) {} return; }
      tx.oncomplete = function () { done(0, blockStart, '', keys, meta ? meta.next_id : 0); };
      tx.onabort = function () {
        if (newer) done(2, 0, 'the data was saved by a newer version of Kolo');
        else if (misfit) done(2, 0, 'the passphrase lock was changed in another tab: reload this page to save');
        else if (conflicts.length) {
          // The stored versions as the app reads them (a sealed one opened; one that does not
          // open, as unreadable text).
          Promise.all(conflicts.map(function (c) {
            return KoloLock.open(c.stored).then(function (t) { return t; }, function () { return ''; }).then(function (text) {
              return { k: c.k, rev: c.rev, text: c.stored ? (text === null ? '' : text) : null, why: c.why };
            });
          })).then(function (list) { done(1, 0, JSON.stringify(list)); });
        }
        else done(2, 0, KoloStore.describe(failure || tx.error));
      };
      // A request that failed must not let the transaction commit the rest as if all had been
      // written (preventing the default would): it is aborted, and reported once, by onabort.
      tx.onerror = function (e) {
        e.preventDefault();
        if (!failure) failure = (e.target && e.target.error) || null;
        try { tx.abort(); } catch (x) { /* already finished */ }
      };
    },
    describe: function (e) {
      if (!e) return 'unknown error';
      return (e.name ? e.name + ': ' : '') + (e.message || String(e));
    },
    // Reads everything and reserves this tab a block of ids, in one transaction, then hands it
    // all to C++ and calls onDone(error or null, blockStart, writeError) exactly once. When that
    // transaction fails (storage refuses the reservation's write, a request errs), everything is
    // read again without writing: the data opens, writeError says why nothing could be
    // reserved, and blockStart is 0 (the first save reserves).
    load: function (onDone) {
      KoloStore.loadOnce(true, function (err, blockStart, writeError) {
        if (!err) { onDone(null, blockStart, writeError); return; }
        KoloStore.loadOnce(false, function (err2) {
          if (err2) onDone(err, 0, null); else onDone(null, 0, err);
        });
      });
    },
    loadOnce: function (reserve, onDone) {
      var settled = false;
      var finish = function (err, records, meta, snapshots, blockStart, writeError) {
        if (settled) return;
        settled = true;
        if (err) { onDone(err, 0, null); return; }
        if (!KoloLock.key && records.some(function (r) { return r.sealed; })) {
          onDone(new Error('the data is encrypted and this page does not have its key'), 0, null);
          return;
        }
        // Sealed texts opened (shell/kolo_lock.js); one that does not open is handed over as
        // unreadable text, and set aside as any unreadable record is.
        KoloStore.clearUnderLock = false;
        Promise.all(records.map(function (r) {
          if (r.sealed) return KoloLock.open(r).then(function (t) { return t === null ? '' : t; }, function () { return ''; });
          if (KoloLock.key) KoloStore.clearUnderLock = true;
          return typeof r.text === 'string' ? r.text : '';
        })).then(function (texts) {
          if (meta) Module['_kolo_storage_meta'](koloString(JSON.stringify(meta)));
          for (var i = 0; i < records.length; i++) {
            var r = records[i];
            Module['_kolo_storage_record'](koloString(String(r.k)), typeof r.rev === 'number' ? r.rev : 0, koloString(texts[i]));
          }
          (snapshots || []).forEach(function (s) {
            Module['_kolo_storage_snapshot'](s.seq, koloString(typeof s.text === 'string' ? s.text : ''));
          });
          onDone(null, blockStart || 0, writeError || null);
        });
      };
      var tx, all, metaReq, snaps = null, blockStart = 0, failure = null, refused = null;
      try {
        tx = KoloStore.db.transaction(['records', 'meta', 'snapshots'], reserve ? 'readwrite' : 'readonly');
        all = tx.objectStore('records').getAll();
        metaReq = tx.objectStore('meta').get('doc');
        metaReq.onsuccess = function () {
          var meta = metaReq.result;
          // Until records were first written, a version-1 profile's snapshots are the data.
          if (!meta || !meta.records_written) snaps = tx.objectStore('snapshots').getAll();
          if (!reserve) return;
          if (meta && meta.version > KoloStore.VERSION) return;  // a newer Kolo's: leave it alone
          blockStart = meta && typeof meta.next_id === 'number' ? meta.next_id : 1;
          try {
            tx.objectStore('meta').put({ k: 'doc', format: 'kolo', version: meta ? meta.version : KoloStore.VERSION,
              next_id: blockStart + KoloStore.ID_BLOCK, records_written: !!(meta && meta.records_written),
              // The first tab ever to load this database sees no `claimed` (the meta it is
              // handed is the one read before this put): only it starts a new database from
              // data a page carries (web_main.cpp); transactions make that one tab.
              claimed: true });
          } catch (e) {
            // Storage refuses writes (a full disk): the data still opens, the user is told, and
            // the first save reserves ids (or reports why it cannot).
            blockStart = 0;
            refused = e;
          }
        };
      } catch (e) { finish(e); return; }
      tx.oncomplete = function () {
        finish(null, all.result || [], metaReq.result, snaps ? snaps.result : null, blockStart, refused);
      };
      // A request that failed must not let the transaction complete as if everything had been
      // read (preventing the default would): it is aborted, and reported once, by onabort.
      tx.onerror = function (e) {
        e.preventDefault();
        if (!failure) failure = (e.target && e.target.error) || null;
        try { tx.abort(); } catch (x) { /* already finished */ }
      };
      tx.onabort = function () { finish(failure || tx.error || new Error('the transaction was aborted')); };
    },
  },
  kolo_js_storage_open__deps: ['$KoloStore', '$koloString'],
  kolo_js_storage_open: function () {
    KoloStore.asked = true;
    KoloStore.whenOpen(function () {
      if (KoloStore.opening.error) {
        Module['_kolo_storage_opened'](1, koloString(KoloStore.describe(KoloStore.opening.error)), 0);
        return;
      }
      KoloStore.start(KoloStore.opening.db);
    });
  },
  // The database answered after the page went on without it (kolo_storage_late): use it now
  // (take 1: the app is answered as at start, through kolo_storage_opened), or close it (0).
  kolo_js_storage_take_late__deps: ['$KoloStore'],
  kolo_js_storage_take_late: function (take) {
    var db = KoloStore.late;
    KoloStore.late = null;
    if (!db) return;
    if (take) KoloStore.start(db); else db.close();
  },
  kolo_js_storage_write__deps: ['$KoloStore', '$KoloLock', '$koloString'],
  // `payload` (storage/records.cpp, save_request_to_json): {writes: [{k, base, text|null, refs}],
  // next_id, reserve}. Answers kolo_storage_written(0 saved | 1 conflict | 2 failed, blockStart,
  // message: the conflicts as JSON, or why it failed).
  kolo_js_storage_write: function (payloadPtr) {
    var request;
    try { request = JSON.parse(UTF8ToString(payloadPtr)); } catch (e) { request = null; }
    var started = performance.now();
    if (!request || !Array.isArray(request.writes) || !KoloLock.key) { KoloStore.write(request, started); return; }
    // Under the lock each text is sealed first (WebCrypto cannot run inside the transaction).
    Promise.all(request.writes.map(function (w) {
      if (w.text === null) return null;
      return KoloLock.seal(w.k, w.text).then(function (box) { w.box = box; });
    })).then(function () { KoloStore.write(request, started); }, function (e) {
      Module['_kolo_storage_written'](2, 0, koloString('could not encrypt: ' + KoloStore.describe(e)));
    });
  },
  $KoloStore__deps: ['$koloString', '$KoloSync', '$KoloLock'],
  kolo_js_storage_set_aside__deps: ['$KoloStore', '$KoloLock'],
  // Moves records that could not be read (or did not fit the rest) out of the working set into
  // set_aside_records, where they stay for inspection. `listJson`: [{k: "events/13", text}],
  // `text` what the app read (null: one that read but did not fit the rest). If any record
  // holds other text now than the app read, that read was corrupt (or another tab rewrote it):
  // nothing is moved, since what did not fit may only have lacked that record; the next start
  // reads them all again.
  kolo_js_storage_set_aside: function (listJson) {
    var list;
    try { list = JSON.parse(UTF8ToString(listJson)); } catch (e) { return; }
    // What each holds now, read first and opened (a sealed text: outside any transaction),
    // then moved in a second transaction only while each is still the entry read.
    var read = {};
    // (Team sync starts from its checkpoint once this is done: KoloStore.settingAside.)
    KoloStore.settingAside = KoloLock.tx(KoloStore.db, ['records'], 'readonly', function (t) {
      list.forEach(function (item) {
        var get = t.objectStore('records').get(item.k);
        get.onsuccess = function () { read[item.k] = get.result; };
      });
    }).then(function () {
      return Promise.all(list.map(function (item) {
        var r = read[item.k];
        if (!r || typeof item.text !== 'string') return true;
        return KoloLock.open(r).then(function (t) { return t; }, function () { return ''; }).then(function (t) {
          return (t === null ? '' : t) === item.text;
        });
      }));
    }).then(function (same) {
      if (same.indexOf(false) >= 0) return;
      return KoloLock.tx(KoloStore.db, ['records', 'set_aside_records', 'sync_records', 'sync_meta'], 'readwrite', function (t) {
        var records = t.objectStore('records');
        var stored = {}, pending = list.length, changed = false;
        list.forEach(function (item) {
          var get = records.get(item.k);
          get.onsuccess = function () {
            var was = read[item.k], now = get.result;
            stored[item.k] = now;
            if (!!was !== !!now || (now && (now.rev !== was.rev || now.text !== was.text || !!now.sealed !== !!was.sealed))) changed = true;
            if (--pending > 0 || changed) return;
            list.forEach(function (it) {
              var copy = stored[it.k];
              if (!copy) return;
              copy.set_aside_at = new Date().toISOString();
              t.objectStore('set_aside_records').add(copy);
              records.delete(it.k);
              // Team sync forgets it had it, and reads the server's changes from the start
              // again: the server's version comes back once it fits (its references are here).
              t.objectStore('sync_records').delete(it.k);
              t.objectStore('sync_meta').put({ k: 'checkpoint', since: 0 });
            });
          };
        });
      });
    }).catch(function (e) { console.warn('Kolo: could not set records aside: ' + KoloStore.describe(e)); });
    KoloStore.settingAside = KoloStore.settingAside.catch(function () {});
  },
  kolo_js_storage_set_aside_snapshot__deps: ['$KoloStore'],
  // Version 1: keeps a copy of an unreadable snapshot for inspection.
  kolo_js_storage_set_aside_snapshot: function (seq) {
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
  kolo_js_download__deps: ['$koloOffer'],
  kolo_js_download: function (namePtr, mimePtr, dataPtr, length) {
    var bytes = HEAPU8.slice(dataPtr, dataPtr + length);
    koloOffer(new Blob([bytes], { type: UTF8ToString(mimePtr) }), UTF8ToString(namePtr));
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
  // The user's wall clock from Date's local getters (the browser's time zone, not UTC), its
  // offset from UTC and the zone's IANA name, as RFC 9557 text that src/core/date.hpp reads:
  // "2026-11-25T00:30:00+02:00[Europe/Kyiv]".
  kolo_js_local_now__deps: ['$koloString'],
  kolo_js_local_now: function () {
    var d = new Date();
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    var offset = -Math.round(d.getTimezoneOffset());
    var zone = '';
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) {}
    return koloString(String(d.getFullYear()).padStart(4, '0') + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) +
      'T' + two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds()) +
      (offset < 0 ? '-' : '+') + two(Math.floor(Math.abs(offset) / 60)) + ':' + two(Math.abs(offset) % 60) +
      (zone ? '[' + zone + ']' : ''));
  },
});
