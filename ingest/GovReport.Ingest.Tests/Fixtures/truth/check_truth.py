#!/usr/bin/env python3
"""Structural check of truth/real.csv and truth/seeds.csv.

For every file: exactly the canonical field set of its template (2019: 198 fields,
2021: 200 fields; docs/report-templates.md §9.1/§9.2) plus the three metadata rows
template / year / agency, no duplicate (file, field), and every value either a
number or one of blank / dash / na / absent. real.csv must cover exactly the files
in Fixtures/real/, seeds.csv exactly the files in Fixtures/seeds/.
Exit status 1 on any problem.
"""
import csv
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))

HEAD = ['new_received', 'carried_over', 'granted', 'partially_granted',
        'denied_state_secret', 'denied_prohibited_by_law', 'denied_security_stability',
        'denied_third_party', 'denied_internal_affairs', 'denied_process_info',
        'denied_enforcement_file', 'denied_admin_query',
        'unable_not_held', 'unable_needs_creation', 'unable_unclear',
        'rejected_petition', 'rejected_duplicate', 'rejected_publication',
        'rejected_excessive', 'rejected_reconfirm']
TAIL = ['results_total', 'carried_forward']
COLS = ['natural_person', 'commercial_enterprise', 'research_institution',
        'public_interest_org', 'legal_service_org', 'other_org', 'total']
S4 = [f's4_{g}_{r}' for g in ('review', 'suit_direct', 'suit_after_review')
      for r in ('upheld', 'corrected', 'other', 'pending', 'total')]
S2 = {
    '2019': ['s2_rules_new_made', 's2_rules_new_published', 's2_rules_total_published',
             's2_normdocs_new_made', 's2_normdocs_new_published', 's2_normdocs_total_published',
             's2_license_prev_items', 's2_license_delta', 's2_license_decisions',
             's2_othersvc_prev_items', 's2_othersvc_delta', 's2_othersvc_decisions',
             's2_penalty_prev_items', 's2_penalty_delta', 's2_penalty_decisions',
             's2_coercion_prev_items', 's2_coercion_delta', 's2_coercion_decisions',
             's2_fee_prev_items', 's2_fee_delta', 's2_procurement_projects',
             's2_procurement_amount'],
    '2021': ['s2_rules_issued', 's2_rules_repealed', 's2_rules_in_force',
             's2_normdocs_issued', 's2_normdocs_repealed', 's2_normdocs_in_force',
             's2_license_decisions', 's2_penalty_decisions', 's2_coercion_decisions',
             's2_fee_amount'],
}
ROWS = {'2019': HEAD + ['other_handling'] + TAIL,
        '2021': HEAD + ['other_no_correction', 'other_fee_unpaid', 'other_other'] + TAIL}
FIELDS = {t: S2[t] + [f's3_{r}__{c}' for r in ROWS[t] for c in COLS] + S4 for t in S2}
assert len(FIELDS['2019']) == 22 + 161 + 15 == 198
assert len(FIELDS['2021']) == 10 + 175 + 15 == 200
META = ['template', 'year', 'agency']
VALUE = re.compile(r'^(-?\d+(\.\d+)?|blank|dash|na|absent)$')


def check(csv_name, dir_name):
    problems = []
    path = os.path.join(HERE, csv_name)
    with open(path, encoding='utf-8', newline='') as f:
        rows = list(csv.reader(f))
    if rows[0] != ['file', 'field', 'value']:
        problems.append(f'bad header {rows[0]}')
    by_file = {}
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != 3:
            problems.append(f'line {i}: {len(r)} columns')
            continue
        by_file.setdefault(r[0], []).append((r[1], r[2]))
    expected_files = sorted(n for n in os.listdir(os.path.join(HERE, '..', dir_name))
                            if n not in ('MANIFEST.md', 'README.md'))
    if sorted(by_file) != expected_files:
        problems.append(f'file set differs: csv {sorted(by_file)} vs dir {expected_files}')
    for fname, items in sorted(by_file.items()):
        dups = [k for k, n in Counter(k for k, _ in items).items() if n > 1]
        if dups:
            problems.append(f'{fname}: duplicate fields {dups}')
        d = dict(items)
        tmpl = d.get('template')
        if tmpl not in FIELDS:
            problems.append(f'{fname}: template {tmpl!r}')
            continue
        if not re.fullmatch(r'20\d\d', d.get('year', '')):
            problems.append(f'{fname}: year {d.get("year")!r}')
        if not d.get('agency'):
            problems.append(f'{fname}: no agency')
        field_rows = [k for k, _ in items if k not in META]
        want = FIELDS[tmpl]
        if len(field_rows) != len(want) or set(field_rows) != set(want):
            problems.append(f'{fname}: {len(field_rows)} field rows, want {len(want)}; '
                            f'missing {sorted(set(want) - set(field_rows))} '
                            f'extra {sorted(set(field_rows) - set(want))}')
        bad = [(k, v) for k, v in items if k not in META and not VALUE.match(v)]
        if bad:
            problems.append(f'{fname}: bad values {bad}')
        print(f'{csv_name}  {fname}  template {tmpl}  field rows {len(field_rows)}  '
              f'(+{len(items) - len(field_rows)} metadata)')
    return problems


def main():
    problems = check('real.csv', 'real') + check('seeds.csv', 'seeds')
    for p in problems:
        print('PROBLEM:', p)
    print('OK' if not problems else f'{len(problems)} problem(s)')
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
