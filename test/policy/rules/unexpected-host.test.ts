import { STILLON_PROFILE } from '../../../src/conventions';
import { PolicyObject } from '../../../src/policy/rule';
import { unexpectedHost } from '../../../src/policy/rules';
import { runRules } from '../../../src/policy/runner';
import { ingress, policyObject } from '../../support/policy';

/** UnexpectedHost runs in `stillon check` only: in apps/*.ts a subdomain is an explicit choice. */
const checkHosts = (objects: PolicyObject[], mode: 'check' | 'synth' = 'check') => runRules(objects, { conventions: STILLON_PROFILE, mode }, [unexpectedHost]);

describe('UnexpectedHost', () => {
  test('passes <app>.<domain>, a folder segment of a standalone overlay, and hosts outside the domain (ForeignHost speaks for those)', () => {
    expect(checkHosts([
      policyObject(ingress('web', 'linkding.stillon.top'), { app: 'linkding' }),
      policyObject(ingress('web', 'linkding.stillon.top'), { app: 'apps/linkding/overlays/prod' }),
      policyObject(ingress('web', 'example.com'), { app: 'linkding' }),
    ])).toEqual([]);
  });

  test('fails another subdomain in check, naming the expected host; synth leaves it to the app', () => {
    const other = [policyObject(ingress('web', 'bookmarks.stillon.top'), { app: 'linkding' })];
    expect(checkHosts(other)).toEqual([
      expect.objectContaining({ code: 'UnexpectedHost', severity: 'warning', message: "Ingress/web of app 'linkding' serves bookmarks.stillon.top, expected linkding.stillon.top" }),
    ]);
    expect(checkHosts(other, 'synth')).toEqual([]);
  });
});
