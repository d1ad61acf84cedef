// Words of product and service feedback that general-purpose lexicons miss or misjudge, on
// VADER's -4..+4 scale. Written from how customers describe software, shops and support in
// general — not from any benchmark sentence.
// Maps (the literals are only their source): words of a comment are looked up in what is built from them.
export const CUSTOMER_FEEDBACK_WORDS: ReadonlyMap<string, number> = new Map(Object.entries({
  // speed and stability
  slow: -1.2, slower: -1.2, slowest: -1.5, laggy: -1.8, lag: -1, lags: -1, lagging: -1.2,
  buggy: -2, bug: -1.2, bugs: -1.2, glitch: -1.5, glitches: -1.5, glitchy: -1.8,
  crashes: -1.8, crashed: -1.8, crashing: -1.8, freezes: -1.5, froze: -1.5, unresponsive: -1.8,
  outage: -2, outages: -2, downtime: -1.5, unstable: -1.5, unreliable: -1.8, reliable: 1.8,
  fast: 1.2, faster: 1.2, quick: 1, speedy: 1.5, snappy: 1.5, responsive: 1.5, smooth: 1.5,
  seamless: 2, seamlessly: 2, stable: 1.2,
  // usability
  intuitive: 1.8, unintuitive: -1.8, clunky: -1.5, cumbersome: -1.5, confusing: -1.5,
  convoluted: -1.8, tedious: -1.5, hassle: -1.5, 'hassle-free': 2, 'user-friendly': 2,
  straightforward: 1.2, handy: 1.5, flimsy: -1.8, sturdy: 1.5, durable: 1.5, solid: 1.2,
  // value
  overpriced: -2, pricey: -1, expensive: -1.2, affordable: 1.5, bargain: 1.5, 'rip-off': -2.5,
  ripoff: -2.5, junk: -2.2, mediocre: -1.5, subpar: -1.8, 'so-so': -0.5, defective: -2.2,
  faulty: -2, malfunction: -2, malfunctioning: -2, leaking: -1.2, leaks: -1.2, scratched: -1,
  // outcome of a purchase or a support contact
  refund: -1, cancellation: -1, unsubscribe: -1, delayed: -1.2, late: -0.8,
  works: 0.8, worked: 0.8, working: 0.5, resolved: 1.5, fixed: 1, prompt: 1.2, promptly: 1.2,
  courteous: 2, knowledgeable: 1.8, attentive: 1.8, rude: -2.2, unhelpful: -2, ignored: -1.5,
  // In feedback "support" names a team or a channel, not approval ("Support never answered"); general
  // lexicons score it as praise.
  support: 0,
}));

// Multi-word expressions, matched on lower-cased tokens before single words.
export const CUSTOMER_FEEDBACK_PHRASES: ReadonlyMap<string, number> = new Map(Object.entries({
  'stopped working': -2, 'stops working': -2, 'quit working': -2, 'fell apart': -2,
  'waste of money': -2.5, 'waste of time': -2.5, 'money back': -1.2, 'sent it back': -1.5,
  'return it': -1, 'returned it': -1.2, 'easy to use': 2, 'hard to use': -1.8,
  'difficult to use': -1.8, 'user friendly': 2, 'works great': 2.5, 'works well': 2,
  'worth it': 1.5, 'worth every penny': 2.5, 'five stars': 2.5, '5 stars': 2.5, 'one star': -2,
  '1 star': -2, 'zero stars': -2.5, 'never again': -2.2, 'no complaints': 1.8,
  'no issues': 1.5, 'no problems': 1.5, 'no problem': 1, 'customer service': 0,
  'kind of': 0, 'sort of': 0,
  // a support contact that went nowhere
  'never answered': -1.8, 'never replied': -1.8, 'never responded': -1.8, 'never got back': -1.8,
  'never heard back': -1.8, 'no response': -1.5, 'no reply': -1.5, 'no answer': -1.2, 'still waiting': -1.5,
}));
