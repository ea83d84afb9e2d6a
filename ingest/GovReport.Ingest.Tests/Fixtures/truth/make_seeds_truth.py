#!/usr/bin/env python3
"""Build truth/seeds.csv from the hand-read seed expectations (expected/*.expect).

Token mapping of the .expect files: a number stays a number (a leading '+' is
dropped, '-2' stays '-2'), '-' -> dash, '_' -> blank, '?' -> absent, '/' -> na.
The '@NN' line references are dropped.

Three things are not in the .expect files and were read by hand from the seed
texts (seeds/*.txt): s2_procurement_amount (normalized to 元), and the
template / year / agency rows.

Usage: python3 make_seeds_truth.py   (run from anywhere; paths are relative to this file)
"""
import csv
import glob
import os
import re
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, '..', 'expected')
OUT = os.path.join(HERE, 'seeds.csv')

S2_2019 = ['s2_rules_new_made', 's2_rules_new_published', 's2_rules_total_published',
           's2_normdocs_new_made', 's2_normdocs_new_published', 's2_normdocs_total_published',
           's2_license_prev_items', 's2_license_delta', 's2_license_decisions',
           's2_othersvc_prev_items', 's2_othersvc_delta', 's2_othersvc_decisions',
           's2_penalty_prev_items', 's2_penalty_delta', 's2_penalty_decisions',
           's2_coercion_prev_items', 's2_coercion_delta', 's2_coercion_decisions',
           's2_fee_prev_items', 's2_fee_delta', 's2_procurement_projects', 's2_procurement_amount']
ROWS_2019 = ['new_received', 'carried_over', 'granted', 'partially_granted',
             'denied_state_secret', 'denied_prohibited_by_law', 'denied_security_stability',
             'denied_third_party', 'denied_internal_affairs', 'denied_process_info',
             'denied_enforcement_file', 'denied_admin_query',
             'unable_not_held', 'unable_needs_creation', 'unable_unclear',
             'rejected_petition', 'rejected_duplicate', 'rejected_publication',
             'rejected_excessive', 'rejected_reconfirm',
             'other_handling', 'results_total', 'carried_forward']
COLS = ['natural_person', 'commercial_enterprise', 'research_institution',
        'public_interest_org', 'legal_service_org', 'other_org', 'total']
S4 = [f's4_{grp}_{res}' for grp in ('review', 'suit_direct', 'suit_after_review')
      for res in ('upheld', 'corrected', 'other', 'pending', 'total')]

# Read by hand from the seed texts (采购总金额 cell of 第二十条第（九）项), normalized to 元.
HAND = {
    '000_ad88d0bc66619eac.txt': dict(  # seeds/000 line 96: `1072991.52` (no unit; read as 元)
        procurement='1072991.52', agency='剑光街道办事处'),
    '001_36175d826d098ba6.txt': dict(  # seeds/001 line 90: `56万`
        procurement='560000', agency='剑南街道'),
    '002_2203413ca7ac2a79.txt': dict(  # seeds/002 line 93: `1763万余元` (approximate: 余)
        procurement='17630000', agency='长庆街道'),
    '003_11141ef29f784a07.txt': dict(  # seeds/003 line 89: `75.058万元`
        procurement='750580', agency='垫江县人民政府桂溪街道办事处'),
    '004_836419c65e415692.txt': dict(  # seeds/004 line 107: `2249470.45元`
        procurement='2249470.45', agency='咸宁市咸安区人民政府浮山街道办事处'),
}
YEAR = '2020'

TOKENS = {'-': 'dash', '_': 'blank', '?': 'absent', '/': 'na'}


def value(tok):
    if tok in TOKENS:
        return TOKENS[tok]
    if re.fullmatch(r'[+-]?\d+', tok):
        return str(int(tok))
    if re.fullmatch(r'[+-]?\d+\.\d+', tok):
        return format(Decimal(tok).normalize(), 'f')
    raise ValueError(f'unexpected token {tok!r}')


def parse(path):
    meta, fields = {}, {}
    for line in open(path, encoding='utf-8'):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if ' = ' not in line:
            k, v = line.split(':', 1)
            meta[k.strip()] = v.strip()
            continue
        key, rest = line.split(' = ', 1)
        toks = [t for t in rest.split() if not t.startswith('@')]
        if key == 's4':
            names = S4
        elif key.startswith('s3_'):
            names = [f'{key}__{c}' for c in COLS]
        else:
            names = [key]
        if len(toks) != len(names):
            raise ValueError(f'{path}: {key} has {len(toks)} tokens, want {len(names)}')
        for n, t in zip(names, toks):
            if n in fields:
                raise ValueError(f'{path}: duplicate {n}')
            fields[n] = value(t)
    return meta, fields


def main():
    rows = []
    for path in sorted(glob.glob(os.path.join(EXPECTED, '*.expect'))):
        meta, fields = parse(path)
        fname = meta['file']
        if meta.get('template') != '2019':
            raise ValueError(f'{path}: seeds are 2019-template reports')
        hand = HAND[fname]
        fields['s2_procurement_amount'] = hand['procurement']
        order = S2_2019 + [f's3_{r}__{c}' for r in ROWS_2019 for c in COLS] + S4
        missing = [n for n in order if n not in fields]
        extra = [n for n in fields if n not in order]
        if missing or extra:
            raise ValueError(f'{path}: missing {missing} extra {extra}')
        rows += [(fname, 'template', '2019'), (fname, 'year', YEAR), (fname, 'agency', hand['agency'])]
        rows += [(fname, n, fields[n]) for n in order]
    with open(OUT, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['file', 'field', 'value'])
        w.writerows(rows)
    print(f'wrote {OUT}: {len(rows)} rows')


if __name__ == '__main__':
    main()
