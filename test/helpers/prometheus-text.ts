/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests of `GET /metrics`: every line
 * must be a comment, `# HELP`, `# TYPE` or a sample with correctly escaped label values, otherwise it throws, as a
 * Prometheus server would refuse the scrape.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  /** Metric family name → type (`counter`, `gauge`, `histogram`, …), from the `# TYPE` lines. */
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parseExposition(text: string): Exposition {
  // Prometheus refuses a scrape whose text is not valid UTF-8 (a lone surrogate cannot be encoded as UTF-8).
  if (!text.isWellFormed()) throw new Error('the exposition holds a lone surrogate (not valid UTF-8)');
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type !== null) {
      types.set(type[1] ?? '', type[2] ?? '');
      continue;
    }
    if (line.startsWith('#')) continue;
    try {
      samples.push(parseSample(line));
    } catch (error) {
      throw new Error(
        `line ${index + 1} is not a sample (${(error as Error).message}): ${JSON.stringify(line)}`,
      );
    }
  }
  return { types, samples };
}

function parseSample(line: string): Sample {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) throw new Error('no metric name');
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    while (!rest.startsWith('}')) {
      const label = LABEL_NAME.exec(rest)?.[0];
      if (label === undefined || !rest.startsWith(`${label}="`, 0)) throw new Error('bad label');
      rest = rest.slice(label.length + 2);
      let value = '';
      for (;;) {
        const char = rest[0];
        if (char === undefined || char === '\n') throw new Error('unterminated label value');
        if (char === '"') break;
        if (char === '\\') {
          const escaped = rest[1];
          if (escaped === 'n') value += '\n';
          else if (escaped === '\\' || escaped === '"') value += escaped;
          else throw new Error(`bad escape \\${escaped ?? ''}`);
          rest = rest.slice(2);
          continue;
        }
        value += char;
        rest = rest.slice(1);
      }
      labels[label] = value;
      rest = rest.slice(1);
      if (rest.startsWith(',')) rest = rest.slice(1);
    }
    rest = rest.slice(1);
  }
  // Go's ParseFloat, which Prometheus uses, takes NaN and Inf in any case (prom-client writes "Nan").
  const value = /^ (-?[0-9.e+-]+|nan|[+-]?inf)( -?\d+)?$/i.exec(rest)?.[1];
  if (value === undefined) throw new Error('bad value');
  return {
    name,
    labels,
    value: /^[+-]?inf$/i.test(value) ? Number(value.replace(/inf/i, 'Infinity')) : Number(value),
  };
}

/** Every sample name the exposition can hold: each family, and a histogram's `_bucket`, `_sum` and `_count`. */
export function sampleNames(exposition: Exposition): Set<string> {
  const names = new Set<string>();
  for (const [family, type] of exposition.types) {
    names.add(family);
    if (type === 'histogram' || type === 'summary') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${family}${suffix}`);
    }
  }
  for (const sample of exposition.samples) names.add(sample.name);
  return names;
}

/** The samples of one metric, optionally only those whose labels include `labels`. */
export function samplesOf(
  exposition: Exposition,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Sample[] {
  return exposition.samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

/** GET /metrics of a running bot, parsed. */
export async function scrape(baseUrl: string): Promise<Exposition> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return parseExposition(await response.text());
}
