/** Operator and constant rules per field type (libs' flt_is_comparable and value parsing). */
import { describe, expect, it } from '@jest/globals';
import {
  fieldType,
  operatorProblem,
  typeClassOf,
  valueProblem,
} from '../../../../src/falco/condition/operator-typing.js';

describe('field types', () => {
  it('classifies libs and plugin type names', () => {
    expect(
      ['PT_CHARBUF', 'string', 'PT_UINT64', 'uint64', 'PT_BOOL', 'ipnet', 'PT_BYTEBUF', 'PT_DYN'].map(
        typeClassOf,
      ),
    ).toEqual(['string', 'string', 'numeric', 'numeric', 'bool', 'ip', 'buffer', 'unknown']);
  });

  it('says which operators a type takes, in libs’ words', () => {
    expect(operatorProblem('contains', fieldType('PT_ABSTIME'))).toBe(
      "'contains' operator not supported for numeric filters",
    );
    expect(operatorProblem('<', fieldType('PT_BOOL'))).toBe("'<' operator not supported for numeric filters");
    expect(operatorProblem('bcontains', fieldType('PT_CHARBUF'))).toBe(
      "'bcontains' operator not supported for string filters",
    );
    expect(operatorProblem('glob', fieldType('PT_IPADDR'))).toBe(
      "'glob' operator not supported for ip address and network filters",
    );
    expect(operatorProblem('=', fieldType('PT_CHARBUF', true))).toBe(
      "'=' operator not supported list filters",
    );
    expect(operatorProblem('in', fieldType('PT_CHARBUF', true))).toBeUndefined();
    expect(operatorProblem('exists', fieldType('PT_IPNET'))).toBeUndefined();
    expect(operatorProblem('==', fieldType('PT_UINT32'))).toBeUndefined();
    expect(operatorProblem('regex', fieldType('string'))).toBeUndefined();
    expect(operatorProblem('=', fieldType(''))).toBeUndefined();
  });

  it('checks constants for numbers, booleans and addresses', () => {
    const problem = (value: string, type: string) => valueProblem(value, fieldType(type), 'f.x');
    expect(problem('1', 'PT_DOUBLE')).toBeUndefined();
    expect(problem('1.0', 'PT_DOUBLE')).toBe(
      "filter error: '1.0' is not a valid PT_DOUBLE value for field 'f.x'",
    );
    expect(problem('-3', 'PT_INT64')).toBeUndefined();
    expect(problem('0x10', 'PT_UINT64')).toBeDefined();
    expect(problem('true', 'PT_BOOL')).toBeUndefined();
    expect(problem('yes', 'bool')).toBeDefined();
    expect(problem('10.0.0.1', 'PT_IPADDR')).toBeUndefined();
    expect(problem('fe80::1', 'PT_IPADDR')).toBeUndefined();
    expect(problem('::ffff:10.0.0.1', 'ipaddr')).toBeUndefined();
    expect(problem('10.0.0.256', 'PT_IPADDR')).toBeDefined();
    expect(problem('10.0.0.0/8', 'PT_IPNET')).toBeUndefined();
    expect(problem('2001:db8::/32', 'PT_IPNET')).toBeUndefined();
    expect(problem('10.0.0.1', 'PT_IPNET')).toBeDefined();
    expect(problem('anything goes', 'PT_CHARBUF')).toBeUndefined();
  });
});
