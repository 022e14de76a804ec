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
    // A fingerprint of the document this tab holds (16 hex digits; next_id left out): equal
    // documents, equal digests. The soak compares a reload's with the last shown as saved.
    digest: function () { return mod ? str(mod._kolo_document_digest()) : ''; },
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
  // The keyboard belongs to #kolo-input while the app has it (web_main.cpp, SDL's keyboard
  // element): a click on the canvas gives it back, never to the canvas or the page.
  var input = document.getElementById('kolo-input');
  canvas.addEventListener('mousedown', function (e) { e.preventDefault(); input.focus({ preventScroll: true }); });
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


  // ---- text from anywhere, screen readers, touch (the canvas as a web page) -----------------
  // Text that comes without keys (an input method, an on-screen keyboard, dictation,
  // autocorrect) arrives in #kolo-input, which follows the focused ImGui field: its text,
  // selection and caret are the field's (kolo_text_field_json, after each drawn frame), and
  // whatever the browser changes in it is handed to the field as "replace [from, to) with
  // this" (kolo_text_edit). Keys go to SDL as before (the element is SDL's keyboard element);
  // the keys that would also edit the element itself are kept from it.
  var preedit = document.getElementById('kolo-preedit');
  var mirror = document.getElementById('kolo-a11y');
  var live = document.getElementById('kolo-live');
  var alertBox = document.getElementById('kolo-alert');
  var access = {
    field: null,        // the focused field as last drawn, or null
    value: '',          // what #kolo-input held when last in step with the field
    composing: false,
    words: { app: 'Kolo', nav: 'Views', dialog: 'Dialog', field: 'Text field' },
    nodes: [],          // the mirror's nodes as last built (page CSS pixels)
    status: '', said: {},
    timer: 0,
  };
  function canvasRect() { return canvas.getBoundingClientRect(); }
  function setInputMode(mode) {
    if (input.inputMode === mode) return;
    input.inputMode = mode;
    // A focused element keeps the on-screen keyboard it had: focus it again.
    if (document.activeElement === input) { input.blur(); input.focus({ preventScroll: true }); }
  }
  function syncField() {
    var r = canvasRect();
    var f = JSON.parse(str(mod._kolo_text_field_json(r.left, r.top)));
    if (!f.active) {
      if (access.field) {
        access.field = null;
        access.value = '';
        if (!access.composing) input.value = '';
        input.setAttribute('aria-label', access.words.app);
        input.removeAttribute('aria-multiline');
        setInputMode('none');
      }
      return;
    }
    // Every drawn frame comes here: the element's style and attributes are written only when
    // they change (each write can cost the page a style recalculation).
    var was = access.field || {};
    access.field = f;
    if (!was.active || f.cx !== was.cx || f.cy !== was.cy || f.ch !== was.ch) {
      input.style.left = Math.round(f.cx) + 'px';
      input.style.top = Math.round(f.cy) + 'px';
      input.style.height = Math.round(f.ch) + 'px';
    }
    if (!was.active || f.label !== was.label || f.multiline !== was.multiline) {
      input.setAttribute('aria-label', f.label || access.words.field);
      input.setAttribute('aria-multiline', f.multiline ? 'true' : 'false');
      input.removeAttribute('aria-activedescendant');
    }
    if (access.composing) return;  // the input method owns the element until it commits
    if (input.value !== f.text) input.value = f.text;
    access.value = f.text;
    if (input.selectionStart !== f.start || input.selectionEnd !== f.end) {
      try { input.setSelectionRange(f.start, f.end); } catch (e) {}
    }
  }
  // What the browser changed in the element since it was last in step, as one replacement.
  function commitText() {
    var now = input.value, old = access.value;
    if (now === old) return;
    if (!access.field) { input.value = ''; access.value = ''; return; }  // no field: dropped
    var p = 0;
    while (p < old.length && p < now.length && old.charCodeAt(p) === now.charCodeAt(p)) p++;
    var s = 0;
    while (s < old.length - p && s < now.length - p && old.charCodeAt(old.length - 1 - s) === now.charCodeAt(now.length - 1 - s)) s++;
    access.value = now;
    mod._kolo_text_edit(p, old.length - s, heapString(now.slice(p, now.length - s)));
  }
  input.addEventListener('compositionstart', function () {
    access.composing = true;
    preedit.textContent = '';
  });
  input.addEventListener('compositionupdate', function (e) {
    // Shown at the caret, over the field, until committed.
    preedit.textContent = e.data || '';
    preedit.style.display = e.data ? 'block' : 'none';
    preedit.style.left = input.style.left;
    preedit.style.top = input.style.top;
  });
  input.addEventListener('compositionend', function () {
    access.composing = false;
    preedit.style.display = 'none';
    if (mod) commitText();
  });
  input.addEventListener('input', function (e) {
    if (!mod || access.composing || e.isComposing) return;
    commitText();
  });
  input.addEventListener('keydown', function (e) {
    if (e.isComposing || e.keyCode === 229) return;  // the input method's
    // SDL hands these to ImGui; the element must not act on them as well (an input event
    // would apply them twice). Printable keys are kept from it by SDL's keypress handler.
    var edits = e.key === 'Enter' || e.key === 'Delete' || e.key === 'Backspace';
    var shortcut = (e.ctrlKey || e.metaKey) && !e.altKey && /^[xzyXZY]$/.test(e.key);
    if (edits || shortcut) e.preventDefault();
  });

  // ---- the accessible mirror: the widgets of the last frame as elements with roles ----------
  // At the widget's rectangle, named by its stable id.
  function place(el, n) {
    el.setAttribute('data-kolo-id', n.id || '');
    el.style.left = n.x + 'px';
    el.style.top = n.y + 'px';
    el.style.width = n.w + 'px';
    el.style.height = n.h + 'px';
    return el;
  }
  function nodeElement(n) {
    var el;
    if (n.role === 'text') {
      el = document.createElement(n.heading ? 'h2' : 'p');
      el.textContent = n.label;
      return el;
    }
    var name = n.label || n.name || n.value || n.id || access.words.region;
    if (n.role === 'group') {  // a region keyboard navigation enters (a child window)
      el = document.createElement('div');
      el.setAttribute('role', 'group');
      el.setAttribute('aria-label', name);
      return place(el, n);
    }
    if (n.role === 'button' && n.expanded === undefined) {
      el = document.createElement('button');
      el.type = 'button';
    } else {
      el = document.createElement('div');
      el.setAttribute('role', n.role === 'combobox' ? 'button' : n.role);
    }
    el.tabIndex = -1;
    if (n.role === 'combobox') {
      el.setAttribute('aria-haspopup', 'listbox');
      name = (n.label || n.name || '') + (n.value ? ': ' + n.value : '');
    }
    if (n.role === 'textbox') el.setAttribute('aria-label', name); else el.textContent = name;
    if (n.checked !== undefined) el.setAttribute('aria-checked', n.checked ? 'true' : 'false');
    if (n.expanded !== undefined) el.setAttribute('aria-expanded', n.expanded ? 'true' : 'false');
    if (n.role === 'tab') el.setAttribute('aria-selected', n.selected ? 'true' : 'false');
    else if (n.selected) el.setAttribute('aria-current', 'page');
    if (n.disabled) el.setAttribute('aria-disabled', 'true');
    return place(el, n);
  }
  // A screen reader's "activate" on a mirrored widget: a click where the widget is drawn.
  mirror.addEventListener('click', function (e) {
    var el = e.target.closest('[data-kolo-id]');
    if (!el || !mod) return;
    var n = access.nodes[Number(el.getAttribute('data-kolo-index'))];
    if (!n || n.role === 'text') return;
    var x = n.x + n.w / 2, y = n.y + n.h / 2;
    ['mousemove', 'mousedown', 'mouseup'].forEach(function (type) {
      canvas.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button: 0, buttons: type === 'mousedown' ? 1 : 0, bubbles: true, cancelable: true }));
    });
    // A field activated by a screen reader on a phone: the on-screen keyboard comes up.
    if (n.role === 'textbox') { input.inputMode = 'text'; input.blur(); }
    input.focus({ preventScroll: true });
  });
  function say(box, text) {
    box.textContent = '';
    setTimeout(function () { box.textContent = text; }, 50);  // a change, even to the same words
  }
  function buildMirror() {
    access.timer = 0;
    if (!mod) return;
    var started = performance.now();
    var r = canvasRect();
    var data = JSON.parse(str(mod._kolo_a11y_json(r.left, r.top)));
    if (data.words) access.words = data.words;
    access.nodes = data.nodes;
    var nav = document.createElement('nav'), main = document.createElement('main'), dialog = null;
    nav.setAttribute('aria-label', access.words.nav);
    main.setAttribute('aria-label', access.words.app);
    var tablist = null;
    data.nodes.forEach(function (n, i) {
      var el = nodeElement(n);
      el.id = 'kolo-a11y-' + i;
      el.setAttribute('data-kolo-index', i);
      var box = main;
      if (n.dialog) {
        if (!dialog) {
          dialog = document.createElement('div');
          dialog.setAttribute('role', 'dialog');
          dialog.setAttribute('aria-modal', 'true');
          dialog.setAttribute('aria-label', access.words.dialog);
        }
        box = dialog;
      } else if (/^(nav|lang|edit)\./.test(n.id || '')) {
        box = nav;
      }
      if (n.role === 'tab') {
        if (!tablist || tablist.parentNode !== box) {
          tablist = document.createElement('div');
          tablist.setAttribute('role', 'tablist');
          box.appendChild(tablist);
        }
        tablist.appendChild(el);
        return;
      }
      tablist = null;
      box.appendChild(el);
    });
    var parts = [nav, main];
    if (dialog) parts.push(dialog);
    mirror.replaceChildren.apply(mirror, parts);
    mirror.setAttribute('data-frame', String(access.words.frame || 0));
    // Keyboard navigation's place, for a screen reader (the focus itself stays on the input).
    if (!access.field && data.nav >= 0) input.setAttribute('aria-activedescendant', 'kolo-a11y-' + data.nav);
    else input.removeAttribute('aria-activedescendant');
    window.koloAccess.stats = { ms: performance.now() - started, nodes: data.nodes.length };  // for the benchmarks
    var w = access.words;
    // The save state when it is news: trouble, and "saved" once trouble is over; not every
    // quiet save.
    var routine = w.status_key === 'save.saving' || w.status_key === 'save.saved';
    if (w.status_key && w.status_key !== access.status) {
      if (access.status && (!routine || (w.status_key === 'save.saved' && access.trouble))) say(live, w.status);
      access.trouble = !routine;
      access.status = w.status_key;
    }
    // Errors and notices as they appear; one dismissed and shown again is told again.
    var shown = {};
    [w.error].concat(w.notices || []).forEach(function (text) {
      if (!text) return;
      if (!access.said[text]) say(alertBox, text);
      shown[text] = true;
    });
    access.said = shown;
  }
  window.koloAccess = {
    // After each drawn frame (kolo_js_frame_drawn): the field now, the mirror soon (a screen
    // reader needs no 60 updates a second, and an idle page draws no frames at all).
    frameDrawn: function () {
      if (!mod) return;
      syncField();
      if (!access.timer) access.timer = setTimeout(buildMirror, 100);
    },
    stats: null,  // the last mirror built: {ms, nodes} (tests/bench/page.mjs)
  };

  // ---- touch: a finger taps, long-presses, drags, scrolls; two fingers pinch the map --------
  // SDL never sees a touch: each is read here. On what a finger drags (a pipeline card, the
  // map: `drag` in the mirror) it becomes the mouse; elsewhere a tap is a click, moving is
  // scrolling (with momentum once the finger lifts), a long press is a right click (the
  // context menu). Two fingers on the map zoom and pan it (kolo_gesture); elsewhere they scroll.
  var LONG_PRESS_MS = 500, SLOP = 8;
  var touch = null;  // {x0, y0, x, y, drag, down, scrolling, long, timer, samples}
  var pinch = null;  // {mx, my, d}
  var glide = 0;
  var touchMode = false, touchModeTimer = 0;
  // Finger-sized targets from the first touch on, once it is over: switched during it, the
  // layout would move under the finger before its tap lands.
  function fingerUsed() {
    if (touchMode) return;
    clearTimeout(touchModeTimer);
    touchModeTimer = setTimeout(function () { touchMode = true; if (mod) mod._kolo_touch_mode(1); }, 300);
  }
  function mouse(type, x, y, button) {
    canvas.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button: button,
      buttons: type === 'mousedown' ? (button === 2 ? 2 : 1) : 0, bubbles: true, cancelable: true, view: window }));
  }
  // The widget under a finger: a dialog's before what it covers, then the smallest (a card
  // before the view that holds it).
  function nodeAt(x, y) {
    var found = null;
    access.nodes.forEach(function (n) {
      if (n.role === 'text' || x < n.x || y < n.y || x >= n.x + n.w || y >= n.y + n.h) return;
      if (!found || (n.dialog && !found.dialog) || (n.dialog === found.dialog && n.w * n.h < found.w * found.h)) found = n;
    });
    return found;
  }
  // Whether the point is on something fingers move (the map: its canvas under its nodes).
  function dragAt(x, y) {
    return access.nodes.some(function (n) {
      return n.drag && !n.dialog && x >= n.x && y >= n.y && x < n.x + n.w && y < n.y + n.h;
    });
  }
  function stopGlide() { if (glide) cancelAnimationFrame(glide); glide = 0; }
  function touchStart(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
    if (!mod) return;
    clearTimeout(touchModeTimer);
    stopGlide();
    if (e.touches.length >= 2) {
      if (touch && touch.down) mouse('mouseup', touch.x, touch.y, 0);
      if (touch) clearTimeout(touch.timer);
      touch = null;
      var a = e.touches[0], b = e.touches[1];
      pinch = { mx: (a.clientX + b.clientX) / 2, my: (a.clientY + b.clientY) / 2, d: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY) || 1 };
      return;
    }
    var t = e.touches[0];
    var n = nodeAt(t.clientX, t.clientY);
    touch = { x0: t.clientX, y0: t.clientY, x: t.clientX, y: t.clientY, drag: !!(n && n.drag), node: n,
              down: false, scrolling: false, long: false, samples: [{ t: performance.now(), x: t.clientX, y: t.clientY }] };
    mouse('mousemove', t.clientX, t.clientY, 0);
    // On what a finger drags, the button goes down once the finger moves: a second finger
    // before that is a pinch, not a click.
    var mine = touch;
    touch.timer = setTimeout(function () {
      if (touch !== mine || mine.scrolling || mine.down || Math.hypot(mine.x - mine.x0, mine.y - mine.y0) > SLOP) return;
      mine.long = true;
      mouse('mousedown', mine.x, mine.y, 2);
      mouse('mouseup', mine.x, mine.y, 2);
    }, LONG_PRESS_MS);
  }
  function touchMove(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
    if (!mod) return;
    if (pinch && e.touches.length >= 2) {
      var a = e.touches[0], b = e.touches[1];
      var mx = (a.clientX + b.clientX) / 2, my = (a.clientY + b.clientY) / 2;
      var d = Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY) || 1;
      if (dragAt(mx, my)) mod._kolo_gesture(mx, my, d / pinch.d, mx - pinch.mx, my - pinch.my);
      else mod._kolo_touch_scroll(mx, my, pinch.mx - mx, pinch.my - my);
      pinch = { mx: mx, my: my, d: d };
      return;
    }
    if (!touch) return;
    var t = e.touches[0];
    var dx = t.clientX - touch.x, dy = t.clientY - touch.y;
    touch.x = t.clientX;
    touch.y = t.clientY;
    touch.samples.push({ t: performance.now(), x: t.clientX, y: t.clientY });
    if (touch.samples.length > 6) touch.samples.shift();
    if (touch.drag) {
      // The press where the finger went down (seen by a frame of its own), once it has moved
      // past the slop (a finger held still is a long press), then the moves.
      if (!touch.down) {
        if (Math.hypot(touch.x - touch.x0, touch.y - touch.y0) <= SLOP) return;
        mouse('mousedown', touch.x0, touch.y0, 0);
        touch.down = true;
        return;
      }
      mouse('mousemove', t.clientX, t.clientY, 0);
      return;
    }
    if (!touch.scrolling && Math.hypot(touch.x - touch.x0, touch.y - touch.y0) > SLOP) {
      touch.scrolling = true;
      dx = touch.x - touch.x0;
      dy = touch.y - touch.y0;
    }
    if (touch.scrolling) mod._kolo_touch_scroll(t.clientX, t.clientY, -dx, -dy);
  }
  function touchEnd(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
    if (!mod) return;
    if (!e.touches.length) fingerUsed();
    if (pinch) { if (e.touches.length < 2) pinch = null; return; }
    var t = touch;
    if (!t || e.touches.length) return;
    touch = null;
    clearTimeout(t.timer);
    if (t.long) return;
    if (t.down) { mouse('mouseup', t.x, t.y, 0); return; }
    if (t.scrolling) {
      // Momentum: the speed of the last moments, slowing down (about 0.3 s to a stop).
      var first = t.samples[0], last = t.samples[t.samples.length - 1];
      var dt = Math.max(1, last.t - first.t);
      var vx = (first.x - last.x) / dt, vy = (first.y - last.y) / dt;  // px per ms, as scrolled
      if (performance.now() - last.t > 120) return;  // the finger stopped before it lifted
      var prev = performance.now();
      var step = function (now) {
        var ms = Math.min(50, now - prev);
        prev = now;
        vx *= Math.pow(0.995, ms);
        vy *= Math.pow(0.995, ms);
        if (Math.abs(vx) < 0.02 && Math.abs(vy) < 0.02) { glide = 0; return; }
        mod._kolo_touch_scroll(t.x, t.y, vx * ms, vy * ms);
        glide = requestAnimationFrame(step);
      };
      glide = requestAnimationFrame(step);
      return;
    }
    // A tap: a click. On a text field, the on-screen keyboard comes up (only focus given in
    // the tap itself may bring it up).
    mouse('mousedown', t.x, t.y, 0);
    mouse('mouseup', t.x, t.y, 0);
    if (t.node && t.node.role === 'textbox') {
      input.inputMode = 'text';
      input.blur();
      input.focus({ preventScroll: true });
    }
  }
  // The system took the touch (a gesture of its own, an alert): nothing it started acts. A
  // drag held is let go outside the window, where it drops on nothing.
  function touchCancel(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
    if (touch) {
      clearTimeout(touch.timer);
      if (touch.down && mod) mouse('mouseup', -100, -100, 0);
    }
    touch = null;
    pinch = null;
    stopGlide();
  }
  // On the window, capturing: before SDL's own listeners on the canvas.
  [['touchstart', touchStart], ['touchmove', touchMove], ['touchend', touchEnd], ['touchcancel', touchCancel]].forEach(function (p) {
    window.addEventListener(p[0], function (e) { if (e.target === canvas) p[1](e); }, { capture: true, passive: false });
  });
  window.addEventListener('pointerdown', function (e) {
    if (!mod || e.pointerType !== 'mouse' || !e.isTrusted) return;
    clearTimeout(touchModeTimer);
    if (touchMode) { touchMode = false; mod._kolo_touch_mode(0); }
  }, { capture: true, passive: true });
  // Back, forward, a link to another place in the app: the app goes there (web_main.cpp).
  window.addEventListener('popstate', function () {
    if (!mod) return;
    var h = location.hash.slice(1);
    try { h = decodeURIComponent(h); } catch (e) {}
    mod._kolo_navigate(heapString(h));
  });

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
      input.focus({ preventScroll: true });
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
