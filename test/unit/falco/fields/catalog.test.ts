/** The field catalog: both file formats, and field lookup with bracket and dotted arguments. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  fieldCatalog,
  parseFieldCatalog,
  resolveField,
  resolveFieldText,
  type FieldCatalog,
} from '../../../../src/falco/fields/catalog.js';

const fixture = (name: string): string =>
  readFileSync(path.resolve(process.cwd(), '../shared/fixtures/falco', name), 'utf8');

function mustParse(text: string): FieldCatalog {
  const parsed = parseFieldCatalog(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe('parseFieldCatalog', () => {
  const json = mustParse(fixture('fields.json'));
  const text = mustParse(fixture('fields.txt'));

  it('reads fields.json and fields.txt to the same fields, merging fields several plugins provide', () => {
    expect(json.size).toBe(562);
    expect([...text.names()].sort()).toEqual([...json.names()].sort());
    expect(json.get('ka.uri.param')?.sources).toEqual([
      'k8saudit-aks',
      'k8saudit-eks',
      'k8saudit-gke',
      'k8saudit-ovh',
      'k8saudit',
    ]);
  });

  it('keeps argument spec, argument kind, type and flags', () => {
    for (const catalog of [json, text]) {
      expect(catalog.get('evt.arg')).toMatchObject({ arg: 'required', type: 'PT_CHARBUF' });
      expect(catalog.get('proc.aname')).toMatchObject({
        arg: 'optional',
        flags: ['EPF_NO_RHS', 'EPF_NO_TRANSFORMER'],
      });
      expect(catalog.get('proc.name')).toMatchObject({ arg: 'none', type: 'PT_CHARBUF', flags: [] });
      expect(catalog.get('container.label')).toMatchObject({
        arg: 'required',
        argKinds: ['key'],
        type: 'string',
      });
      expect(catalog.get('container.mount')).toMatchObject({ argKinds: ['index', 'key'] });
      expect(catalog.get('fd.types')?.flags).toContain('EPF_IS_LIST');
    }
  });

  it('reads one field name per line, and JSON lists of names, without inventing argument rules', () => {
    const names = mustParse('# my fields\nproc.name\n\ncustom.field\n');
    expect(names.size).toBe(2);
    expect(names.get('custom.field')).toEqual({
      name: 'custom.field',
      arg: 'unknown',
      argKinds: [],
      type: '',
      flags: [],
      sources: [],
    });
    expect(
      mustParse('["proc.name", {"name": "fd.name", "type": "PT_CHARBUF", "flags": []}]').get('fd.name')?.arg,
    ).toBe('none');
  });

  it.each([
    ['{"fields": [', /not valid JSON/],
    ['{"fields": [{"type": "x"}]}', /entry 0: expected a field name/],
    ['{"nope": 1}', /must be \{"fields"/],
    ['proc.name\nnot a field\n', /line 2: "not a field" is not a field name/],
    ['proc.name\tARG_SOMETIMES\tPT_CHARBUF\n', /line 1: unknown argument spec "ARG_SOMETIMES"/],
    ['# nothing\n\n', /lists no fields/],
  ])('rejects %j', (input, message) => {
    const parsed = parseFieldCatalog(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('field_catalog_invalid');
      expect(parsed.error.message).toMatch(message);
    }
  });
});

describe('resolveField', () => {
  const catalog = mustParse(fixture('fields.json'));

  it('finds plain fields and bracket arguments', () => {
    expect(resolveField(catalog, 'proc.name')).toMatchObject({ ok: true, field: { name: 'proc.name' } });
    expect(resolveField(catalog, 'proc.aname', '2')).toMatchObject({
      ok: true,
      arg: '2',
      argForm: 'bracket',
    });
    expect(resolveField(catalog, 'container.label', 'app.kubernetes.io/name')).toMatchObject({ ok: true });
  });

  it('finds dotted arguments by the longest field prefix that takes one', () => {
    expect(resolveField(catalog, 'k8s.pod.label.app')).toMatchObject({
      ok: true,
      field: { name: 'k8s.pod.label' },
      arg: 'app',
      argForm: 'dotted',
    });
    expect(resolveField(catalog, 'evt.arg.fd')).toMatchObject({
      ok: true,
      field: { name: 'evt.arg' },
      arg: 'fd',
    });
    expect(resolveFieldText(catalog, 'proc.aname[3]')).toMatchObject({ ok: true, arg: '3' });
  });

  it('reports what libs reports', () => {
    expect(resolveField(catalog, 'proc.nme')).toEqual({
      ok: false,
      code: 'unknown-field',
      message: 'filter_check called with nonexistent field proc.nme',
    });
    expect(resolveField(catalog, 'proc.name.x')).toMatchObject({ code: 'unknown-field' });
    expect(resolveField(catalog, 'evt.arg')).toEqual({
      ok: false,
      code: 'field-arg-required',
      message: "filter 'evt.arg': evt.arg requires an argument but none provided",
    });
    expect(resolveField(catalog, 'proc.name', 'x')).toEqual({
      ok: false,
      code: 'field-arg-not-allowed',
      message:
        "filter 'proc.name[x]': proc.name does not allow nor require an argument but one is provided: x",
    });
    expect(resolveField(catalog, 'anomaly.count_min_sketch', 'first')).toMatchObject({
      code: 'field-arg-invalid',
      message: expect.stringContaining('has an invalid index argument not composed only by digits: first'),
    });
    expect(resolveField(catalog, 'anomaly.count_min_sketch', '01')).toMatchObject({
      code: 'field-arg-invalid',
    });
  });

  it('accepts anything a name-only catalog cannot judge', () => {
    const names = fieldCatalog([{ name: 'my.field' }]);
    expect(resolveField(names, 'my.field', 'x').ok).toBe(true);
    expect(resolveField(names, 'my.field.sub')).toMatchObject({ ok: true, arg: 'sub' });
  });
});
