/**
 * What the index does, as data: the fields it reads and their weights, whether it stems, expands
 * synonyms, uses server context, fuses a second ranking. {@link DEFAULT_SEARCH_CONFIG} is what the
 * gateway uses; {@link SEARCH_STEPS} are the steps the retrieval benchmark measures one by one, from
 * plain BM25 over names and descriptions to the full index.
 */
import type { SplitMode } from './tokenize.js';

/** The tool text a field holds. `text` is the baseline's single field: name and description together. */
export type FieldName = 'text' | 'name' | 'title' | 'lead' | 'description' | 'params' | 'server';

export interface FieldConfig {
  field: FieldName;
  /** BM25F weight: a term in this field counts `weight` times a term in the description. */
  weight: number;
  /** BM25 length normalization for this field (0: none, 1: full). */
  b: number;
}

export interface SearchConfig {
  split: SplitMode;
  fields: readonly FieldConfig[];
  stem: boolean;
  /** `hand`: the built-in list; `mined`: also abbreviations mined from the catalog. */
  synonyms: 'none' | 'hand' | 'mined';
  /** Multiply each tool's score by `1 + serverBoost × its server's fit to the query` (0: off). */
  serverBoost: number;
  /** Read a file name, URL or e-mail address in the query as the words "file", "url", "email". */
  hints: boolean;
  /** Multiply each tool's score by (query terms it matched / query terms) ^ coord (0: off). */
  coord: number;
  /** Fuse (reciprocal rank) a second ranking over names and titles alone with the full ranking. */
  fusion: boolean;
  /** BM25 term-frequency saturation. */
  k1: number;
}

const BASELINE: SearchConfig = {
  split: 'plain',
  fields: [{ field: 'text', weight: 1, b: 0.75 }],
  stem: false,
  synonyms: 'none',
  serverBoost: 0,
  hints: false,
  coord: 0,
  fusion: false,
  k1: 1.6,
};

const TOOL_FIELDS: readonly FieldConfig[] = [
  { field: 'name', weight: 3, b: 0.3 },
  { field: 'title', weight: 2, b: 0.3 },
  { field: 'lead', weight: 2, b: 0.5 },
  { field: 'description', weight: 0.6, b: 0.75 },
  { field: 'params', weight: 0.3, b: 0.75 },
];
const SERVER_FIELD: FieldConfig = { field: 'server', weight: 0.4, b: 0.5 };

const FIELDS: SearchConfig = { ...BASELINE, split: 'identifiers', fields: TOOL_FIELDS };
const STEMMED: SearchConfig = { ...FIELDS, stem: true };
const HAND: SearchConfig = { ...STEMMED, synonyms: 'hand' };
const MINED: SearchConfig = { ...STEMMED, synonyms: 'mined' };
const SERVER: SearchConfig = { ...MINED, fields: [...TOOL_FIELDS, SERVER_FIELD], serverBoost: 0.5 };
const HINTS: SearchConfig = { ...SERVER, hints: true };
// Measured and not kept (see docs/tool-search.md): each is the default plus one thing.
const COORD: SearchConfig = { ...HINTS, coord: 1 };
const FUSED: SearchConfig = { ...HINTS, fusion: true };

export const DEFAULT_SEARCH_CONFIG: SearchConfig = HINTS;

/** The benchmark's steps, each adding one thing to the one before; the last two are variants of the default. */
export const SEARCH_STEPS: readonly { step: string; config: SearchConfig }[] = [
  { step: 'plain BM25 (name + description)', config: BASELINE },
  { step: '+ field analysis (split names, fields, BM25F)', config: FIELDS },
  { step: '+ stemming (Porter)', config: STEMMED },
  { step: '+ synonyms (hand list)', config: HAND },
  { step: '+ mined abbreviations', config: MINED },
  { step: '+ server context', config: SERVER },
  { step: '+ hints (file names, URLs, e-mail addresses)', config: HINTS },
  { step: 'default + coverage factor (not kept)', config: COORD },
  { step: 'default + RRF fusion with a names-only ranking (not kept)', config: FUSED },
];
