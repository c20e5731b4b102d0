#!/usr/bin/env python3
"""Real-world precision suite: scan the checked-out repositories listed in
repos.tsv with a weaklink binary and compare the results with labels.tsv.

Standard library only. Not part of `make test`: the trees come from the network.
See tests/realworld/README.md.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LEVELS = ('error', 'warning', 'note', 'none')
RANK = {'error': 3, 'warning': 2, 'note': 1, 'none': 0}
VERDICTS = ('true', 'debatable', 'false')
# path classes the issue asks to count (one finding can count in several)
CLASSES = ('tests', 'examples', 'docs', 'scripts', 'benchmarks', 'notebooks')


def read_tsv(path):
    with open(path, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        rows = []
        for n, line in enumerate(f, 2):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            cells = line.split('\t')
            if len(cells) < len(header):
                cells += [''] * (len(header) - len(cells))
            row = dict(zip(header, cells))
            row['_line'] = n
            rows.append(row)
    return rows


def path_classes(path):
    parts = path.lower().split('/')
    dirs = parts[:-1]
    name = parts[-1]
    out = set()
    if any(d in ('test', 'tests', 'testing', 'testdata') for d in dirs) or name.startswith('test_') \
            or name == 'conftest.py':
        out.add('tests')
    if any(d in ('example', 'examples') for d in dirs):
        out.add('examples')
    if any(d in ('doc', 'docs') for d in dirs):
        out.add('docs')
    if any(d in ('script', 'scripts') for d in dirs):
        out.add('scripts')
    if any(d in ('benchmark', 'benchmarks') for d in dirs):
        out.add('benchmarks')
    if any(d in ('notebook', 'notebooks', 'tutorials') for d in dirs) or name.endswith('.ipynb'):
        out.add('notebooks')
    return out


def path_kind(path):
    """Coarse stratum for the population estimate: tests, other non-product paths, product."""
    cls = path_classes(path)
    if 'tests' in cls:
        return 'tests'
    return 'nonproduct' if cls else 'product'


def estimate(title, key_name, groups, out):
    """The sample is stratified (all errors, a few per rule elsewhere), so its raw ratios
    over-weight rare rules. Scale each (rule, level, path kind) stratum's labelled ratios by
    its number of findings; strata without a label are left out (see 'covered')."""
    out.append('')
    out.append(title)
    out.append('%-10s %8s %8s %7s %7s %7s %9s %9s' % (key_name, 'findings', 'covered', 'true', 'debat', 'false',
                                                   'precision', 'strict'))
    for key, strata_list in groups:
        n = cov = t = d = f = 0.0
        for c in strata_list:
            n += c['findings']
            if c['labelled']:
                cov += c['findings']
                t += c['findings'] * c['true'] / c['labelled']
                d += c['findings'] * c['debatable'] / c['labelled']
                f += c['findings'] * c['false'] / c['labelled']
        if not n:
            continue
        out.append('%-10s %8d %7.0f%% %7.0f %7.0f %7.0f %9s %9s' % (key, n, 100.0 * cov / n, t, d, f,
                                                              pct(t, t + f), pct(t, cov)))


def git_head(tree):
    try:
        return subprocess.run(['git', '-C', tree, 'rev-parse', 'HEAD'], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ''


def load_results(sarif_path):
    with open(sarif_path, encoding='utf-8') as f:
        doc = json.load(f)
    out = []
    for run in doc.get('runs', []):
        for r in run.get('results', []):
            if r.get('suppressions'):
                continue
            locs = r.get('locations') or [{}]
            phys = locs[0].get('physicalLocation', {})
            out.append({
                'rule': r.get('ruleId', ''),
                'level': r.get('level', 'warning'),
                'path': phys.get('artifactLocation', {}).get('uri', ''),
                'line': str(phys.get('region', {}).get('startLine', 0)),
                'fp': (r.get('partialFingerprints') or {}).get('weaklinkFingerprint/v1', ''),
            })
    return out


def match(labels, results):
    """Pair each label with at most one result: by fingerprint first (robust to
    line shifts), then by (path, rule, line). Returns {label index: result}."""
    by_fp = collections.defaultdict(list)
    by_key = collections.defaultdict(list)
    for i, r in enumerate(results):
        if r['fp']:
            by_fp[(r['fp'], r['rule'])].append(i)
        by_key[(r['path'], r['rule'], r['line'])].append(i)
    used = set()
    paired = {}
    for li, lab in enumerate(labels):
        for ri in by_fp.get((lab.get('fingerprint', ''), lab['rule']), []):
            if ri not in used:
                used.add(ri)
                paired[li] = results[ri]
                break
    for li, lab in enumerate(labels):
        if li in paired:
            continue
        for ri in by_key.get((lab['path'], lab['rule'], lab['line']), []):
            if ri not in used:
                used.add(ri)
                paired[li] = results[ri]
                break
    return paired


def effective(lab, level):
    """Verdict of a labelled finding reported at `level` now."""
    ok = lab.get('ok_level') or (lab['level'] if lab['verdict'] == 'true' else 'none')
    if RANK.get(level, 0) <= RANK.get(ok, 0):
        return 'true'
    return lab['verdict']


def pct(a, b):
    return '%5.1f%%' % (100.0 * a / b) if b else '    -'


def table(title, key_name, rows, out):
    out.append('')
    out.append(title)
    out.append('%-10s %8s %8s %6s %6s %6s %9s %9s' % (key_name, 'findings', 'labelled', 'true', 'debat', 'false',
                                                   'precision', 'strict'))
    tot = collections.Counter()
    for key, c in rows:
        out.append('%-10s %8d %8d %6d %6d %6d %9s %9s' % (
            key, c['findings'], c['labelled'], c['true'], c['debatable'], c['false'],
            pct(c['true'], c['true'] + c['false']), pct(c['true'], c['labelled'])))
        tot.update(c)
    out.append('%-10s %8d %8d %6d %6d %6d %9s %9s' % (
        'total', tot['findings'], tot['labelled'], tot['true'], tot['debatable'], tot['false'],
        pct(tot['true'], tot['true'] + tot['false']), pct(tot['true'], tot['labelled'])))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--dir', default=os.environ.get('WL_REALWORLD_DIR', ''),
                    help='folder holding one checkout per repos.tsv name (default $WL_REALWORLD_DIR)')
    ap.add_argument('--weaklink', default=os.environ.get('WEAKLINK', ''),
                    help='weaklink binary (default $WEAKLINK, else ./weaklink at the repository root)')
    ap.add_argument('--out', default='', help='keep the SARIF reports here (default: a temporary folder)')
    ap.add_argument('--reuse', action='store_true', help='read existing <out>/<name>.sarif instead of scanning')
    ap.add_argument('--jobs', default='1', help='weaklink -j value (default 1)')
    ap.add_argument('--only', action='append', default=[], help='scan only this repository name (repeatable)')
    ap.add_argument('--labels', default=os.path.join(HERE, 'labels.tsv'))
    ap.add_argument('--repos', default=os.path.join(HERE, 'repos.tsv'))
    ap.add_argument('scan_args', nargs='*', help='extra arguments for weaklink scan (after --)')
    a = ap.parse_args()

    if not a.dir:
        ap.error('give --dir or set WL_REALWORLD_DIR')
    wl = a.weaklink or os.path.join(HERE, '..', '..', 'weaklink')
    if not a.reuse and not os.access(wl, os.X_OK):
        ap.error('weaklink binary not found: %s (build it or pass --weaklink)' % wl)
    outdir = a.out or tempfile.mkdtemp(prefix='wl-realworld-')
    os.makedirs(outdir, exist_ok=True)

    repos = read_tsv(a.repos)
    labels = read_tsv(a.labels)
    for lab in labels:
        if lab['verdict'] not in VERDICTS:
            sys.exit('%s:%d: verdict must be one of %s' % (a.labels, lab['_line'], ', '.join(VERDICTS)))
        ok = lab.get('ok_level', '')
        if ok and (ok not in RANK or (lab['verdict'] != 'true' and RANK[ok] >= RANK.get(lab['level'], 0))):
            sys.exit('%s:%d: ok_level %r must be a level below the labelled one for a %s finding'
                     % (a.labels, lab['_line'], ok, lab['verdict']))
    labels_by_repo = collections.defaultdict(list)
    for lab in labels:
        labels_by_repo[lab['repo']].append(lab)

    out = []
    per_rule = collections.defaultdict(collections.Counter)
    per_level = collections.defaultdict(collections.Counter)
    per_rule_level = collections.defaultdict(collections.Counter)
    per_repo = collections.defaultdict(collections.Counter)
    per_class = collections.defaultdict(collections.Counter)
    cat_false = collections.Counter()
    recall_lost = []
    moved = collections.Counter()
    unmatched = collections.Counter()
    scanned = []
    strata = collections.defaultdict(collections.Counter)  # (rule, level, path kind) -> counts

    for repo in repos:
        name = repo['name']
        if a.only and name not in a.only:
            continue
        tree = os.path.join(a.dir, name)
        sarif = os.path.join(outdir, name + '.sarif')
        if not os.path.isdir(tree):
            print('skip %s: %s is absent (see tests/realworld/README.md to fetch it)' % (name, tree), file=sys.stderr)
            continue
        head = git_head(tree)
        if head and head != repo['commit']:
            print('note %s: checkout is at %s, labels were made at %s; line matches may drift'
                  % (name, head[:12], repo['commit'][:12]), file=sys.stderr)
        if not a.reuse:
            cmd = [wl, 'scan', '--no-config', '-j', a.jobs, '--fail-on', 'none', '-o', 'sarif:' + sarif] \
                + a.scan_args + [tree]
            p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if p.returncode not in (0, 1):
                print('error %s: weaklink exited %d: %s' % (name, p.returncode, p.stderr.strip()[:500]),
                      file=sys.stderr)
                continue
        if not os.path.exists(sarif):
            print('skip %s: no SARIF at %s' % (name, sarif), file=sys.stderr)
            continue
        scanned.append(name)
        results = load_results(sarif)
        for r in results:
            strata[(r['rule'], r['level'], path_kind(r['path']))]['findings'] += 1
            per_rule[r['rule']]['findings'] += 1
            per_level[r['level']]['findings'] += 1
            per_rule_level[(r['rule'], r['level'])]['findings'] += 1
            per_repo[name][r['level']] += 1
            per_repo[name]['total'] += 1
            cls = path_classes(r['path'])
            for c in cls:
                per_class[c][r['level']] += 1
            if cls:
                per_class['any of them'][r['level']] += 1
        labs = labels_by_repo.get(name, [])
        paired = match(labs, results)
        for li, lab in enumerate(labs):
            v = lab['verdict']
            r = paired.get(li)
            labelled_rank = RANK.get(lab['level'], 0)
            if r is None:
                unmatched[v] += 1
                if v == 'true':
                    recall_lost.append((lab, None))
                continue
            # the verdict judged the labelled level; ok_level says up to which level the
            # finding is acceptable, so a finding moved to or below it counts as true
            ev = effective(lab, r['level'])
            if r['level'] != lab['level']:
                moved[(lab['level'], r['level'], v, ev)] += 1
            for c in (per_rule[r['rule']], per_level[r['level']], per_rule_level[(r['rule'], r['level'])],
                      strata[(r['rule'], r['level'], path_kind(r['path']))]):
                c['labelled'] += 1
                c[ev] += 1
            if ev == 'false':
                cat_false[lab.get('category') or '(none)'] += 1
            if v == 'true' and labelled_rank >= RANK['warning'] and RANK.get(r['level'], 0) < RANK['warning']:
                recall_lost.append((lab, r))

    if not scanned:
        sys.exit('no repository was scanned: nothing found under %s' % a.dir)

    out.append('weaklink real-world precision suite: %d repositories scanned (%s)' % (len(scanned), ', '.join(scanned)))
    if not a.reuse:
        try:
            ver = subprocess.run([wl, 'version'], capture_output=True, text=True).stdout.strip()
        except OSError:
            ver = '?'
        out.append('binary: %s (%s)' % (os.path.relpath(wl), ver))
    out.append('labels: %s (%d rows); precision = true/(true+false); strict = true/labelled (debatable counts as false)'
               % (os.path.basename(a.labels), len(labels)))
    out.append('a labelled finding now at or below its ok_level counts as true (see README)')
    table('== per level (current level of the matched finding)', 'level',
          [(lv, per_level[lv]) for lv in LEVELS if per_level[lv]['findings']], out)
    table('== per rule', 'rule', sorted(per_rule.items()), out)
    table('== per rule and level', 'rule/level',
          [('%s/%s' % (k[0], k[1][0]), c) for k, c in sorted(per_rule_level.items(),
                                                             key=lambda kv: (kv[0][0], -RANK.get(kv[0][1], 0)))],
          out)
    estimate('== estimated over all findings, per level (labelled ratios scaled by findings per rule x level x '
             'tests/non-product/product stratum)', 'level',
             [(lv, [c for k, c in strata.items() if k[1] == lv]) for lv in LEVELS], out)
    estimate('== estimated over all findings, per rule and level (same scaling)', 'rule/level',
             [('%s/%s' % (rl[0], rl[1][0]), [c for k, c in strata.items() if k[:2] == rl])
              for rl in sorted({k[:2] for k in strata}, key=lambda x: (x[0], -RANK.get(x[1], 0)))], out)
    out.append('')
    out.append('== false positives by category (labelled false, still reported)')
    for cat, n in cat_false.most_common():
        out.append('%-24s %5d' % (cat, n))
    out.append('')
    out.append('== labelled findings no longer reported: true %d, debatable %d, false %d'
               % (unmatched['true'], unmatched['debatable'], unmatched['false']))
    if moved:
        out.append('== labelled findings whose level changed (labelled level -> now, verdict -> verdict at the new level: count)')
        for (a0, b0, v, ev), n in sorted(moved.items()):
            out.append('  %s -> %s, %s -> %s: %d' % (a0, b0, v, ev, n))
    out.append('')
    out.append('== recall regressions: labelled true (at warning or above) now below warning, or true at any level '
               'no longer reported: %d' % len(recall_lost))
    for lab, r in recall_lost:
        out.append('  %s %s:%s %s (labelled %s) %s' % (lab['repo'], lab['path'], lab['line'], lab['rule'],
                                                     lab['level'], 'not reported' if r is None else 'now ' + r['level']))
    out.append('')
    out.append('== findings per repository and level')
    out.append('%-24s %7s %7s %7s %7s' % ('repository', 'total', 'error', 'warning', 'note'))
    tot = collections.Counter()
    for name in scanned:
        c = per_repo[name]
        tot.update(c)
        out.append('%-24s %7d %7d %7d %7d' % (name, c['total'], c['error'], c['warning'], c['note']))
    out.append('%-24s %7d %7d %7d %7d' % ('total', tot['total'], tot['error'], tot['warning'], tot['note']))
    out.append('')
    out.append('== findings under non-product paths (a finding may count in several classes)')
    out.append('%-24s %7s %7s %7s' % ('path class', 'error', 'warning', 'note'))
    for c in CLASSES + ('any of them',):
        k = per_class[c]
        out.append('%-24s %7d %7d %7d' % (c, k['error'], k['warning'], k['note']))
    print('\n'.join(out))
    if not a.out:
        print('\n(SARIF reports in %s)' % outdir, file=sys.stderr)


if __name__ == '__main__':
    main()
