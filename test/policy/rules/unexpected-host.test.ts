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

  test('passes the production host of an environment variant synth wrote (part-of names the app); fails it without that label', () => {
    const production = ingress('web', 'choremane.stillon.top');
    const labelled = { ...production, metadata: { ...production.metadata, labels: { 'app.kubernetes.io/part-of': 'choremane' } } };
    expect(checkHosts([policyObject(labelled, { app: 'choremane-production' })])).toEqual([]);
    expect(checkHosts([policyObject(production, { app: 'choremane-production' })])).toEqual([
      expect.objectContaining({ code: 'UnexpectedHost', message: "Ingress/web of app 'choremane-production' serves choremane.stillon.top, expected choremane-production.stillon.top" }),
    ]);
  });
});
