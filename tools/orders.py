#!/usr/bin/env python3
"""Story clustering measured over stream orders (issue 3). Python 3 stdlib only; for
measurement, not used by the tests.

A single-pass clusterer decides each document once, so its B-cubed on one order of a corpus says
as much about that order as about the settings (on ecbplus-dev the given order is the luckiest of
ten for the current defaults). This runs `tidings cluster --batch` and the plain baseline on the
given order and K fixed permutations, scores every run with the shared scorer and prints the
means side by side:

    cargo build --release
    python3 tools/orders.py ../shared/corpora/cluster/ecbplus-dev/docs.jsonl \\
        ../shared/corpora/cluster/ecbplus-dev/gold.jsonl [--orders 9] [--headlines]

`--headlines` measures the headline-only variant (tools/headlines.py) of every order instead.
The permutations are fixed (seeded), so two runs compare like with like; they are not the
`tune` example's permutations (that one is for quick sweeps inside Rust).
"""
import argparse, json, os, random, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED_TOOLS = os.path.join(ROOT, '..', 'shared', 'tools')
METRICS = ('bcubed_p', 'bcubed_r', 'bcubed_f1', 'pair_f1', 'nmi', 'ari')


def run(cmd, out_path):
    with open(out_path, 'w') as out:
        subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, check=True)


def score(gold, pred):
    res = subprocess.run([sys.executable, os.path.join(SHARED_TOOLS, 'score.py'), 'cluster', gold, pred],
                         capture_output=True, text=True, check=True)
    d = json.loads(res.stdout)
    return [d[m] for m in METRICS]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('docs')
    ap.add_argument('gold')
    ap.add_argument('--orders', type=int, default=9, help='permutations besides the given order')
    ap.add_argument('--headlines', action='store_true', help='measure the headline-only variant')
    ap.add_argument('--tidings', default=os.path.join(ROOT, 'target', 'release', 'tidings'))
    ap.add_argument('--threshold', default='0.2', help="the baseline's threshold")
    a = ap.parse_args()
    lines = [l for l in open(a.docs) if l.strip()]
    ours, base = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(a.orders + 1):
            order = list(lines)
            if k:
                random.Random(k).shuffle(order)
            docs = os.path.join(tmp, f'order-{k}.jsonl')
            with open(docs, 'w') as f:
                f.writelines(l if l.endswith('\n') else l + '\n' for l in order)
            if a.headlines:
                run([sys.executable, os.path.join(HERE, 'headlines.py'), docs], docs + '.h')
                docs += '.h'
            run([a.tidings, 'cluster', '--batch', docs], os.path.join(tmp, 'ours.jsonl'))
            run([sys.executable, os.path.join(SHARED_TOOLS, 'baseline_cluster.py'), docs, a.threshold],
                os.path.join(tmp, 'base.jsonl'))
            ours.append(score(a.gold, os.path.join(tmp, 'ours.jsonl')))
            base.append(score(a.gold, os.path.join(tmp, 'base.jsonl')))
            print(f'order {k}: tidings B3 F1 {ours[-1][2]:.3f}, baseline {base[-1][2]:.3f}', file=sys.stderr)
    n = len(ours)
    print('metric      tidings  baseline   (mean of %d orders)' % n)
    for i, m in enumerate(METRICS):
        print(f'{m:<11} {sum(r[i] for r in ours) / n:7.3f}  {sum(r[i] for r in base) / n:8.3f}')
    f1 = [r[2] for r in ours]
    print(f'tidings B3 F1 range {min(f1):.3f}-{max(f1):.3f}')


if __name__ == '__main__':
    main()
