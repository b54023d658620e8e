/**
 * English stemming for the tool index: the Porter (1980) algorithm, written from its published
 * description, so "repositories", "repository" meet at "repositori", and "running", "runs" at
 * "run". Words shorter than 3 letters, words with digits and non-ASCII words are left alone.
 * A small exception table fixes the few verbs tools use most whose Porter stems would not meet
 * their other forms.
 */

const EXCEPTIONS: Readonly<Record<string, string>> = {
  ran: 'run',
  wrote: 'write',
  written: 'write',
  writes: 'write',
  writing: 'write',
  found: 'find',
  got: 'get',
  sent: 'send',
  made: 'make',
  read: 'read',
  news: 'news',
  data: 'data',
  analysis: 'analyz',
  analyses: 'analyz',
  children: 'child',
  indices: 'index',
  indexes: 'index',
};

const isConsonant = (w: string, i: number): boolean => {
  const c = w.charCodeAt(i);
  // a e i o u
  if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117) return false;
  if (c === 121) return i === 0 || !isConsonant(w, i - 1); // y after a consonant is a vowel
  return true;
};

/** m: the number of vowel-consonant sequences in `w[0, end)`. */
function measure(w: string, end: number): number {
  let m = 0;
  let i = 0;
  while (i < end && isConsonant(w, i)) i++;
  while (i < end) {
    while (i < end && !isConsonant(w, i)) i++;
    if (i >= end) break;
    while (i < end && isConsonant(w, i)) i++;
    m++;
  }
  return m;
}

const hasVowel = (w: string, end: number): boolean => {
  for (let i = 0; i < end; i++) if (!isConsonant(w, i)) return true;
  return false;
};

const doubleConsonant = (w: string): boolean => {
  const n = w.length;
  return n >= 2 && w[n - 1] === w[n - 2] && isConsonant(w, n - 1);
};

/** cvc, where the last c is not w, x or y: "hop" (→ hope), not "snow". */
const cvc = (w: string): boolean => {
  const n = w.length;
  if (n < 3 || !isConsonant(w, n - 1) || isConsonant(w, n - 2) || !isConsonant(w, n - 3)) return false;
  const last = w[n - 1];
  return last !== 'w' && last !== 'x' && last !== 'y';
};

/** Replaces `suffix` with `replacement` when the stem before it has measure > `minMeasure`. */
function replace(w: string, rules: readonly (readonly [string, string])[], minMeasure: number): string {
  for (const [suffix, replacement] of rules) {
    if (w.endsWith(suffix)) {
      const stemEnd = w.length - suffix.length;
      return measure(w, stemEnd) > minMeasure ? w.slice(0, stemEnd) + replacement : w;
    }
  }
  return w;
}

function step1ab(w: string): string {
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (!w.endsWith('ss') && w.endsWith('s')) w = w.slice(0, -1);

  let trimmed: string | undefined;
  if (w.endsWith('eed')) {
    if (measure(w, w.length - 3) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w, w.length - 2)) trimmed = w.slice(0, -2);
  else if (w.endsWith('ing') && hasVowel(w, w.length - 3)) trimmed = w.slice(0, -3);
  if (trimmed === undefined) return w;
  w = trimmed;
  if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) return `${w}e`;
  if (doubleConsonant(w) && !/[lsz]$/.test(w)) return w.slice(0, -1);
  if (measure(w, w.length) === 1 && cvc(w)) return `${w}e`;
  return w;
}

const STEP2: readonly (readonly [string, string])[] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['abli', 'able'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
];
const STEP3: readonly (readonly [string, string])[] = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];
const STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

function step4(w: string): string {
  // Longest matching suffix first (ement before ment before ent).
  let best: string | undefined;
  for (const suffix of STEP4) if (w.endsWith(suffix) && (best === undefined || suffix.length > best.length)) best = suffix;
  if (best === undefined) return w;
  const stemEnd = w.length - best.length;
  if (measure(w, stemEnd) <= 1) return w;
  if (best === 'ion' && !/[st]$/.test(w.slice(0, stemEnd))) return w;
  return w.slice(0, stemEnd);
}

function step5(w: string): string {
  if (w.endsWith('e')) {
    const m = measure(w, w.length - 1);
    if (m > 1 || (m === 1 && !cvc(w.slice(0, -1)))) w = w.slice(0, -1);
  }
  if (w.endsWith('ll') && measure(w, w.length) > 1) w = w.slice(0, -1);
  return w;
}

/** The Porter stem of a lowercase word (see the file header for what is left alone). */
export function stem(word: string): string {
  const exception = EXCEPTIONS[word];
  if (exception !== undefined) return exception;
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
  let w = step1ab(word);
  if (w.endsWith('y') && hasVowel(w, w.length - 1)) w = `${w.slice(0, -1)}i`;
  // Step 2 and 3 suffixes are tried longest-listed-first within each rule's own last letter in the
  // original; here the lists are ordered so that a longer suffix that shares an ending comes first.
  w = replace(w, STEP2, 0);
  w = replace(w, STEP3, 0);
  w = step4(w);
  return step5(w);
}
