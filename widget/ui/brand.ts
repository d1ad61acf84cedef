// The brand colour comes from the customer's survey settings. Text on it must
// stay readable whatever they pick, so choose black or white by luminance.

const FALLBACK = '#3b5bdb';

export function brandColors(color: string | undefined): { brand: string; onBrand: string } {
  const brand = color && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color) ? color : FALLBACK;
  let hex = brand.slice(1);
  if (hex.length === 3) hex = hex.replace(/./g, '$&$&');
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // 0.179 is where black and white text have equal contrast ratios.
  return { brand, onBrand: luminance > 0.179 ? '#111' : '#fff' };
}
