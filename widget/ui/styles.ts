// All of the widget's CSS. It lives in the shadow root as a constructable
// stylesheet, which a strict Content-Security-Policy (no 'unsafe-inline')
// allows, unlike a <style> element or style="" attribute.
//
// The :host rules are !important on purpose: for important declarations the
// shadow tree wins over the host page, so `div { display: none !important }`
// or `* { font-size: 40px !important }` on the page cannot reach us. Sizes
// are in px because the page may change the root font size.

export const css = `
:host{all:initial!important;display:block!important;position:fixed!important;z-index:2147483646!important;bottom:16px!important;right:16px!important;width:360px!important}
:host([data-position=bottom-left]){right:auto!important;left:16px!important}
:host([data-position=center]){bottom:auto!important;right:auto!important;top:50%!important;left:50%!important;transform:translate(-50%,-50%)!important}
@media (max-width:480px){:host,:host([data-position]){left:8px!important;right:8px!important;bottom:8px!important;width:auto!important}:host([data-position=center]){top:auto!important;transform:none!important}}
.kz{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--field:#f6f8fa;box-sizing:border-box;position:relative;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:12px;box-shadow:0 8px 28px rgba(0,0,0,.18);padding:18px 16px 16px;font:400 15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Hiragino Sans","Noto Sans CJK JP",Meiryo,sans-serif;text-align:left;animation:kz-in .22s ease-out}
.dark{--bg:#1d2127;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--field:#262c34}
@media (prefers-color-scheme:dark){.auto{--bg:#1d2127;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--field:#262c34}}
.kz *{box-sizing:border-box;font:inherit;color:inherit;margin:0}
.kz h2{font-weight:600;font-size:15px;margin:0 36px 14px 0;word-break:auto-phrase}
.scale{display:flex;gap:3px}
.scale button,.send,.x{cursor:pointer;border-radius:6px}
.scale button{flex:1 1 0;min-width:0;height:40px;padding:0;border:1px solid var(--line);background:var(--field);font-weight:600;transition:background .12s,border-color .12s}
.scale button:hover,.scale button[aria-checked=true]{background:var(--brand);border-color:var(--brand);color:var(--on-brand)}
.ends{display:flex;justify-content:space-between;gap:12px;margin-top:6px;font-size:12px;color:var(--muted)}
.ends span:last-child{text-align:right}
textarea{display:block;width:100%;min-height:84px;resize:vertical;padding:8px 10px;border:1px solid var(--line);border-radius:8px;background:var(--field)}
.row{display:flex;justify-content:flex-end;margin-top:10px}
.send{border:1px solid var(--brand);background:var(--brand);color:var(--on-brand);font-weight:600;padding:7px 18px}
.x{position:absolute;top:8px;right:8px;width:32px;height:32px;border:0;background:transparent;color:var(--muted);font-size:22px;line-height:1;padding:0}
.x:hover{color:var(--fg)}
.thanks{margin:6px 36px 4px 0;font-weight:600;outline:none}
button:focus-visible{outline:3px solid var(--brand);outline-offset:2px}
textarea:focus{outline:2px solid var(--brand);border-color:var(--brand)}
@keyframes kz-in{from{opacity:0;transform:translateY(12px)}}
@media (prefers-reduced-motion:reduce){.kz,.kz *{animation:none!important;transition:none!important}}
`;
