// The page around the wasm: starts it, bridges what SDL cannot (system paste), and publishes
// the testing contract `window.kolo` (tests/README.md). The contract reads; it never acts.
(function () {
  'use strict';
  var canvas = document.getElementById('canvas');
  var status = document.getElementById('status');
  var mod = null;
  // A page the browser saved ("Save page as") keeps the classes it had: show the start screen.
  // From a file, the manifest cannot be read (the browser refuses it to a file:// page) and
  // there is nothing to install: its link goes.
  document.body.classList.remove('ready');
  if (location.protocol === 'file:') {
    Array.prototype.forEach.call(document.querySelectorAll('link[rel=manifest], link[rel=apple-touch-icon]'),
      function (link) { link.remove(); });
  }
  // A self-contained page (an offline copy, a board page) carries the wasm inside. Its text,
  // as read now (app.js is its last element), is what an updated copy of it is made from
  // (shell/kolo_bridge.js, koloPage): the page cannot read its own file.
  if (document.getElementById('kolo-wasm')) window.koloPageSource = '<!doctype html>\n' + document.documentElement.outerHTML;
  var resolveReady;
  var ready = new Promise(function (resolve) { resolveReady = resolve; });

  function str(ptr) { return mod.UTF8ToString(ptr); }

  window.kolo = {
    // Resolves once the first frame is drawn and storage is loaded.
    ready: ready,
    // The widgets of the last drawn frame: {id, label, window, x, y, w, h} in page CSS pixels.
    items: function () {
      if (!mod) return [];
      var r = canvas.getBoundingClientRect();
      return JSON.parse(str(mod._kolo_items_json(r.left, r.top)));
    },
    // A summary of what the app shows: view, language, frame counter, save state, counts,
    // and the size of the wasm memory (for the benchmarks).
    state: function () {
      if (!mod) return {};
      var s = JSON.parse(str(mod._kolo_state_json()));
      s.wasm_memory_bytes = mod.HEAPU8.length;
      s.last_write = mod.koloLastWrite || null;  // the last storage write: {ms, records, code}
      s.frame_ms = mod._kolo_frame_ms();  // the last drawn frame's CPU time
      s.wake_ms = mod._kolo_wake_ms();    // ... and of the whole wake-up that drew it
      s.build = window.koloBuild || '';    // this page's build (shell/stamp_site.py)
      return s;
    },
    // Milliseconds from navigation to ready (for the benchmarks).
    readyAt: null,
  };

  // A malloc'd UTF-8 copy of `s`; the app frees it.
  function heapString(s) {
    var n = mod.lengthBytesUTF8(s) + 1;
    var p = mod._malloc(n);
    mod.stringToUTF8(s, p, n);
    return p;
  }

  function fail(message) {
    status.textContent = message;
    status.className = 'error';
    document.body.classList.remove('ready');
  }

  // SDL prevents the default of Ctrl+V, which would also cancel the browser's paste event.
  // Let that key through to the browser (not to SDL) and hand the pasted text to ImGui.
  window.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.code === 'KeyV' || e.key === 'v' || e.key === 'V')) {
      e.stopImmediatePropagation();
    }
  }, true);
  // In an offline copy, Ctrl+S saves the way the copy saves (an updated copy of the file when
  // the data lives in it), never the browser's "Save page as", which would keep the data the
  // page was opened with, not the data shown.
  window.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.code === 'KeyS' && document.getElementById('kolo-copy')) {
      e.preventDefault();
      e.stopImmediatePropagation();
      if (mod) mod._kolo_save_shortcut();
    }
  }, true);
  document.addEventListener('paste', function (e) {
    var text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (!mod || !text) return;
    e.preventDefault();
    mod._kolo_paste(heapString(text));
  });
  canvas.addEventListener('mousedown', function () { canvas.focus(); });
  // The app sleeps when nothing changes; any input wakes it (before SDL queues the event).
  ['mousemove', 'mousedown', 'mouseup', 'wheel', 'keydown', 'keyup', 'keypress', 'touchstart', 'touchmove',
   'touchend', 'pointerdown', 'pointerup', 'focus', 'blur'].forEach(function (type) {
    window.addEventListener(type, function () { if (mod) mod._kolo_wake(); }, { capture: true, passive: true });
  });
  window.addEventListener('resize', function () { if (mod) mod._kolo_wake(); });
  // Leaving: write what is unsaved now (the write may not finish if the tab is killed, which
  // is why autosave never waits more than a second).
  document.addEventListener('visibilitychange', function () {
    if (!mod) return;
    if (document.visibilityState === 'hidden') mod._kolo_flush();
    mod._kolo_wake();
  });
  window.addEventListener('pagehide', function () { if (mod) mod._kolo_flush(); });

  // A file the user gave the app, picked or dropped: its bytes go to the app, which sends it
  // to the reader for its kind (src/ui/file_kinds.cpp) or says it cannot open it. A file over
  // the app's limit is not read at all; the app is told its name and size.
  function openFile(file) {
    if (!mod) return;
    if (file.size > mod._kolo_max_file_bytes()) {
      mod._kolo_file_opened(heapString(file.name), heapString(file.type || ''), 0, 0, file.size);
      return;
    }
    file.arrayBuffer().then(function (buf) {
      var bytes = new Uint8Array(buf);
      var p = mod._malloc(bytes.length + 1);
      mod.HEAPU8.set(bytes, p);
      mod.HEAPU8[p + bytes.length] = 0;
      mod._kolo_file_opened(heapString(file.name), heapString(file.type || ''), p, bytes.length, file.size);
    }, function (err) {
      mod._kolo_file_unreadable(heapString(file.name), heapString(String(err && err.message || err)));
    });
  }

  // Several files at once (an HSDS directory's CSV tables): the app is told how many come, so
  // it reads them together once all have arrived.
  function openFiles(files) {
    if (!mod || !files || !files.length) return;
    if (files.length > 1) mod._kolo_files_begin(files.length);
    for (var i = 0; i < files.length; i++) openFile(files[i]);
  }

  document.getElementById('kolo-file').addEventListener('change', function (e) {
    openFiles(e.target.files);
    e.target.value = '';  // the same file picked again is a change too
  });

  // A file dragged onto the page: the whole window is the drop target (the app draws the hint
  // while one hovers). Without preventDefault the browser would leave the app to show the file.
  // Drags of anything but files (text, links) are left alone.
  var dragDepth = 0;
  function carriesFiles(e) {
    var types = e.dataTransfer && e.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, 'Files') >= 0;
  }
  function hover(on) { if (mod) mod._kolo_file_hover(on ? 1 : 0); }
  window.addEventListener('dragenter', function (e) {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    if (dragDepth++ === 0) hover(true);
  });
  window.addEventListener('dragover', function (e) {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', function (e) {
    if (!carriesFiles(e)) return;
    if (--dragDepth <= 0) { dragDepth = 0; hover(false); }
  });
  // Should a drag end without a dragleave (some systems drop it when the drag is abandoned
  // outside), the first ordinary mouse event after it clears the hint.
  window.addEventListener('mousemove', function () {
    if (dragDepth > 0) { dragDepth = 0; hover(false); }
  }, { passive: true });
  window.addEventListener('drop', function (e) {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    dragDepth = 0;
    hover(false);
    openFiles(e.dataTransfer.files);
  });

  // Base64 text to bytes, without building a string per byte.
  function fromBase64(text) {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text.replace(/\s+/g, ''));
    var bin = atob(text.replace(/\s+/g, ''));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }
  // Wasm carried as text ({encoding: 'gzip' | 'base64', data}) compiled; gzip needs the
  // browser's DecompressionStream (every current browser has it).
  function compilePacked(encoding, data) {
    var bytes = fromBase64(data);
    if (encoding !== 'gzip') return WebAssembly.compile(bytes);
    if (typeof DecompressionStream !== 'function')
      return Promise.reject(new Error('this browser cannot unpack the app (no DecompressionStream): please update it'));
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
  }
  // A page saved by the browser from file://: its folder holds kolo.wasm.js, which index.html
  // names with a type the browser does not run; run it now.
  function savedWasm() {
    var el = document.getElementById('kolo-wasm-file');
    if (!el || !el.getAttribute('src')) return Promise.reject(new Error('no copy of kolo.wasm beside this page'));
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = el.getAttribute('src');
      script.onload = function () {
        var packed = window.koloWasmPacked;
        if (!packed) { reject(new Error(el.getAttribute('src') + ' holds no app')); return; }
        resolve(compilePacked(packed.encoding, packed.data));
      };
      script.onerror = function () { reject(new Error(el.getAttribute('src') + ' could not be read')); };
      document.body.appendChild(script);
    });
  }
  // The wasm module, from wherever this page has it: compiled by index.html as the page
  // started (served); carried inside the page (#kolo-wasm: an offline copy, a board page);
  // beside a saved page (kolo.wasm.js); or fetched again here, the slow way (no streaming
  // compilation, a server without application/wasm).
  function wasmModule() {
    var inline = document.getElementById('kolo-wasm');
    if (inline) return compilePacked(inline.getAttribute('data-encoding') || 'base64', inline.textContent);
    if (location.protocol === 'file:') return savedWasm();
    var fetchAgain = function () {
      return fetch('kolo.wasm?v=' + (window.koloBuild || ''), { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error('kolo.wasm: HTTP ' + r.status);
        return r.arrayBuffer();
      }).then(function (bytes) { return WebAssembly.compile(bytes); });
    };
    return (window.koloWasm || Promise.reject(new Error('no streaming compilation'))).catch(fetchAgain);
  }
  function instantiateWasm(imports, receive) {
    wasmModule().then(function (module) {
      return WebAssembly.instantiate(module, imports).then(function (instance) { receive(instance, module); });
    }).catch(function (err) { fail('Kolo could not start: ' + (err && err.message || err)); });
    return {};  // Emscripten waits for receive()
  }

  // ---- offline: the service worker, installing, updates (shell/site/sw.js) -------------------
  // Served pages only: a page opened from a file has no service worker (and needs none).
  var served = /^https?:$/.test(location.protocol) && !document.getElementById('kolo-wasm');
  var offline = { ready: false, update: '', install: null };
  function tellOffline() {
    if (!mod) return;
    mod._kolo_offline_status(offline.ready ? 1 : 0, offline.install ? 1 : 0, heapString(offline.update));
  }
  window.koloOffline = {
    // The app's "Install" button (kolo_js_install): the browser's own install question.
    install: function () {
      var prompt = offline.install;
      if (!prompt) return;
      offline.install = null;
      prompt.prompt();
      tellOffline();
    },
  };
  window.addEventListener('beforeinstallprompt', function (e) {
    e.preventDefault();  // offered in Settings rather than by the browser's bar
    offline.install = e;
    tellOffline();
  });
  window.addEventListener('appinstalled', function () { offline.install = null; tellOffline(); });
  function registerWorker() {
    if (!served || !('serviceWorker' in navigator)) return;
    navigator.serviceWorker.addEventListener('message', function (e) {
      if (!e.data || e.data.kolo !== 'build') return;
      if (e.data.build === window.koloBuild) {
        offline.ready = true;
        offline.update = '';
      } else if (e.data.activated) {
        offline.update = e.data.build;  // a newer build took over: this tab runs the old one
      } else {
        return;  // an older worker still answers (this page is newer): its successor will say
      }
      tellOffline();
    });
    navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).then(function (reg) {
      var ask = function () { if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ kolo: 'which' }); };
      ask();
      navigator.serviceWorker.addEventListener('controllerchange', ask);
      // A tab left open for days still learns of a new version: when shown again, and hourly.
      document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'visible') reg.update().catch(function () {});
      });
      setInterval(function () { reg.update().catch(function () {}); }, 3600 * 1000);
    }, function (err) { console.warn('Kolo: no offline use: ' + (err && err.message || err)); });
  }
  // A file the installed app was asked to open (manifest.webmanifest, file_handlers).
  if ('launchQueue' in window) {
    window.launchQueue.setConsumer(function (params) {
      (params.files || []).slice(0, 1).forEach(function (handle) {
        ready.then(function () { return handle.getFile(); }).then(openFile, function () {});
      });
    });
  }

  if (typeof createKolo !== 'function') { fail('kolo.js did not load.'); return; }
  createKolo({
    canvas: canvas,
    instantiateWasm: instantiateWasm,
    koloFirstFrame: function (m) {
      mod = m;
      document.body.classList.add('ready');
      canvas.focus();
      window.kolo.readyAt = performance.now();
      resolveReady();
      tellOffline();
      // After the first visit's work is done, so keeping the app does not compete with it.
      setTimeout(registerWorker, 0);
    },
    printErr: function (text) { console.error(text); },
    onAbort: function (what) { fail('Kolo stopped: ' + what); },
  }).then(function (m) { mod = m; }, function (err) { fail('Kolo could not start: ' + err); });
})();
