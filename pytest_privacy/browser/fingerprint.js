// Installed before any page script, in every frame: watches the APIs that fingerprinting
// scripts read and records a detection when a script uses them in a fingerprinting pattern
// (Englehardt & Narayanan 2016, "Online tracking: a 1-million-site measurement", section 6;
// Acar et al. 2014, "The Web Never Forgets", for font probing):
//   canvas: toDataURL / toBlob / getImageData (>= 16x16) of a canvas of at least 16x16 px on
//           which text was written (fillText / strokeText) in >= 2 colours or styles;
//   webgl:  getParameter(UNMASKED_RENDERER_WEBGL / UNMASKED_VENDOR_WEBGL), or readPixels
//           after drawing;
//   audio:  an OscillatorNode and a DynamicsCompressor or Analyser in one audio context,
//           rendered and sampled (getChannelData, get*FrequencyData / get*TimeDomainData);
//   fonts:  text measured (offsetWidth / offsetHeight of an element with an inline font
//           family, measureText) in >= 50 distinct font families by one script.
// A frame shares its record with its top-most same-origin ancestor, so what a script does in
// a short-lived helper frame (about:blank, srcdoc) survives the frame's removal.
(() => {
  if (window.__privacyFingerprint) return;
  const MIN_SIZE = 16;
  const FONT_FAMILIES = 50;
  const MAX_DETECTIONS = 500;
  const NativeError = Error;
  const urlPattern = /(https?:\/\/[^\s()]+?):\d+:\d+/;
  let shared = null;
  try {
    for (let w = window; w.parent !== w;) {
      w = w.parent;
      if (w.__privacyFingerprint) shared = w.__privacyFingerprint;
    }
  } catch (e) { /* a cross-origin ancestor: keep what was found below it */ }
  const state = shared || { detections: [], byKey: new Map(), fonts: new Map() };
  Object.defineProperty(window, "__privacyFingerprint", { value: state });

  // The first script on the stack that is not this instrumentation (frames of an init
  // script have no http(s) URL); inline scripts are named by their page's URL.
  const caller = () => {
    const limit = NativeError.stackTraceLimit;  // a page may have set it to 0
    NativeError.stackTraceLimit = 30;
    let stack;
    try { stack = (new NativeError().stack || "").split("\n"); }
    finally { NativeError.stackTraceLimit = limit; }
    for (const line of stack) {
      const m = line.match(urlPattern);
      if (m) return m[1];
    }
    return location.href.startsWith("http") ? location.href : "(unknown script)";
  };
  const record = (technique, detail, script) => {
    try {
      script = script || caller();
      const key = technique + " " + script;
      if (state.byKey.has(key) || state.detections.length >= MAX_DETECTIONS) return;
      const found = { script, technique, detail: String(detail).slice(0, 300),
                      frame: String(location.href).slice(0, 2048) };
      state.byKey.set(key, found);
      state.detections.push(found);
    } catch (e) { /* never break the page */ }
  };
  const wrap = (proto, name, before) => {
    const original = proto && proto[name];
    if (typeof original !== "function") return;
    const replaced = {
      [name](...args) {
        try { before(this, args); } catch (e) { /* never break the page */ }
        return original.apply(this, args);
      },
    }[name];
    Object.defineProperty(proto, name, { value: replaced, writable: true, configurable: true,
                                         enumerable: false });
  };
  const wrapGetter = (proto, name, before) => {
    const desc = proto && Object.getOwnPropertyDescriptor(proto, name);
    if (!desc || !desc.get) return;
    Object.defineProperty(proto, name, {
      configurable: true, enumerable: desc.enumerable, set: desc.set,
      get() {
        try { before(this); } catch (e) { /* never break the page */ }
        return desc.get.call(this);
      },
    });
  };

  // ---- canvas
  const canvases = new WeakMap();  // canvas -> {styles: Set}
  const textDrawn = (ctx, style) => {
    const canvas = ctx.canvas;
    if (!canvas) return;
    let info = canvases.get(canvas);
    if (!info) { info = { styles: new Set() }; canvases.set(canvas, info); }
    if (info.styles.size < 50) info.styles.add(String(style) + "|" + String(ctx.font));
  };
  const readBack = (canvas, how) => {
    const info = canvases.get(canvas);
    if (!info || info.styles.size < 2) return;
    if (canvas.width < MIN_SIZE || canvas.height < MIN_SIZE) return;
    record("canvas", `${how} of a ${canvas.width}x${canvas.height} canvas with text in ` +
           `${info.styles.size} colours/styles`);
  };
  for (const C2D of [window.CanvasRenderingContext2D, window.OffscreenCanvasRenderingContext2D]) {
    if (!C2D) continue;
    wrap(C2D.prototype, "fillText", (ctx) => textDrawn(ctx, "fill:" + ctx.fillStyle));
    wrap(C2D.prototype, "strokeText", (ctx) => textDrawn(ctx, "stroke:" + ctx.strokeStyle));
    wrap(C2D.prototype, "getImageData", (ctx, args) => {
      if (Math.abs(args[2]) >= MIN_SIZE && Math.abs(args[3]) >= MIN_SIZE && ctx.canvas) {
        readBack(ctx.canvas, "getImageData");
      }
    });
  }
  if (window.HTMLCanvasElement) {
    wrap(HTMLCanvasElement.prototype, "toDataURL", (canvas) => readBack(canvas, "toDataURL"));
    wrap(HTMLCanvasElement.prototype, "toBlob", (canvas) => readBack(canvas, "toBlob"));
  }
  if (window.OffscreenCanvas) {
    wrap(OffscreenCanvas.prototype, "convertToBlob",
         (canvas) => readBack(canvas, "convertToBlob"));
  }

  // ---- webgl
  const UNMASKED = { 0x9245: "UNMASKED_VENDOR_WEBGL", 0x9246: "UNMASKED_RENDERER_WEBGL" };
  const drew = new WeakSet();
  for (const GL of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!GL) continue;
    wrap(GL.prototype, "getParameter", (gl, args) => {
      if (UNMASKED[args[0]]) record("webgl", `getParameter(${UNMASKED[args[0]]})`);
    });
    for (const draw of ["drawArrays", "drawElements", "drawArraysInstanced",
                        "drawElementsInstanced", "drawRangeElements"]) {
      wrap(GL.prototype, draw, (gl) => drew.add(gl));
    }
    wrap(GL.prototype, "readPixels", (gl, args) => {
      if (drew.has(gl)) record("webgl", `readPixels(${args[2]}x${args[3]}) after drawing`);
    });
  }

  // ---- audio
  const graphs = new WeakMap();  // audio context -> {oscillator, compressor, analyser}
  const node = (ctx, kind) => {
    let g = graphs.get(ctx);
    if (!g) { g = {}; graphs.set(ctx, g); }
    g[kind] = true;
  };
  const suspicious = (ctx) => {
    const g = ctx && graphs.get(ctx);
    return !!(g && g.oscillator && (g.compressor || g.analyser));
  };
  const Base = window.BaseAudioContext || window.AudioContext;
  if (Base) {
    wrap(Base.prototype, "createOscillator", (ctx) => node(ctx, "oscillator"));
    wrap(Base.prototype, "createDynamicsCompressor", (ctx) => node(ctx, "compressor"));
    wrap(Base.prototype, "createAnalyser", (ctx) => node(ctx, "analyser"));
  }
  const rendered = new WeakMap();  // AudioBuffer -> its offline context
  let lastRendered = null;
  if (window.OfflineAudioContext) {
    wrap(OfflineAudioContext.prototype, "startRendering", (ctx) => {
      if (!suspicious(ctx)) return;
      lastRendered = ctx;
      ctx.addEventListener("complete", (e) => {
        try { rendered.set(e.renderedBuffer, ctx); } catch (err) { /* ignore */ }
      });
    });
  }
  if (window.AudioBuffer) {
    wrap(AudioBuffer.prototype, "getChannelData", (buffer) => {
      const ctx = rendered.get(buffer) || (lastRendered && buffer.length === lastRendered.length
        && buffer.sampleRate === lastRendered.sampleRate ? lastRendered : null);
      if (ctx && suspicious(ctx)) {
        const g = graphs.get(ctx);
        record("audio", "OfflineAudioContext render of an OscillatorNode through a " +
               (g.compressor ? "DynamicsCompressor" : "AnalyserNode") + ", sampled with getChannelData");
      }
    });
  }
  if (window.AnalyserNode) {
    for (const read of ["getFloatFrequencyData", "getByteFrequencyData",
                        "getFloatTimeDomainData", "getByteTimeDomainData"]) {
      wrap(AnalyserNode.prototype, read, (analyser) => {
        if (suspicious(analyser.context)) {
          record("audio", `OscillatorNode through an AnalyserNode, sampled with ${read}`);
        }
      });
    }
  }

  // ---- fonts
  const firstFamily = (list) => {
    const first = String(list).split(",")[0].trim().replace(/^["']|["']$/g, "");
    return first.toLowerCase();
  };
  const measured = (family) => {
    if (!family) return;
    const script = caller();
    let seen = state.fonts.get(script);
    if (!seen) {
      if (state.fonts.size >= 200) return;
      seen = new Set();
      state.fonts.set(script, seen);
    }
    if (seen.size >= 1000 || seen.has(family)) return;
    seen.add(family);
    if (seen.size === FONT_FAMILIES) {
      record("fonts", `text measured in ${FONT_FAMILIES} or more font families ` +
             `(e.g. ${[...seen].slice(0, 5).join(", ")})`, script);
    }
  };
  if (window.HTMLElement) {
    for (const name of ["offsetWidth", "offsetHeight"]) {
      wrapGetter(HTMLElement.prototype, name, (el) => {
        const family = el.style && el.style.fontFamily;
        if (family) measured(firstFamily(family));
      });
    }
  }
  const fontShorthand = /(?:^|\s)[\d.]+(?:px|pt|em|rem|%|pc|in|cm|mm|ex|ch|vw|vh)(?:\/\S+)?\s+(.+)$/;
  for (const C2D of [window.CanvasRenderingContext2D, window.OffscreenCanvasRenderingContext2D]) {
    if (!C2D) continue;
    wrap(C2D.prototype, "measureText", (ctx) => {
      const m = String(ctx.font).match(fontShorthand);
      if (m) measured(firstFamily(m[1]));
    });
  }
})();
