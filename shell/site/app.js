// The page around the wasm: starts it, bridges what SDL cannot (system paste), and publishes
// the testing contract `window.kolo` (tests/README.md). The contract reads; it never acts.
(function () {
  'use strict';
  var canvas = document.getElementById('canvas');
  var status = document.getElementById('status');
  var mod = null;
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

  document.getElementById('kolo-file').addEventListener('change', function (e) {
    var file = e.target.files && e.target.files[0];
    if (file) openFile(file);
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
    var files = e.dataTransfer.files;
    if (files && files.length) openFile(files[0]);
  });

  // The wasm module index.html began compiling as the page started; if that could not be
  // used (no streaming compilation, a server without application/wasm), it is fetched and
  // compiled again here, the slow way.
  function instantiateWasm(imports, receive) {
    var viaKolo = function () {
      return fetch('kolo.wasm', { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error('kolo.wasm: HTTP ' + r.status);
        return r.arrayBuffer();
      }).then(function (bytes) { return WebAssembly.compile(bytes); });
    };
    (window.koloWasm || Promise.reject(new Error('no streaming compilation'))).catch(viaKolo).then(function (module) {
      return WebAssembly.instantiate(module, imports).then(function (instance) { receive(instance, module); });
    }).catch(function (err) { fail('Kolo could not start: ' + err); });
    return {};  // Emscripten waits for receive()
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
    },
    printErr: function (text) { console.error(text); },
    onAbort: function (what) { fail('Kolo stopped: ' + what); },
  }).then(function (m) { mod = m; }, function (err) { fail('Kolo could not start: ' + err); });
})();
