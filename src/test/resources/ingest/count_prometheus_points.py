# Independent count of points under the group rule: a family's lines are one group; a sample of
# another family, or a TYPE line, or HELP/UNIT of another family, ends it. Within a group: a gauge
# (or untyped) sample is a point; a counter series is a point (its value again: a new point); a
# summary's or histogram's label set (without quantile/le) is one point.
import re, sys
SUF = ["_bucket","_count","_sum","_created","_total","_gcount","_gsum","_info"]
FITS = {"counter":{"_total","_created"},"histogram":{"_bucket","_count","_sum","_created"},
        "gaugehistogram":{"_bucket","_gcount","_gsum"},"summary":{"_count","_sum","_created"},"info":{"_info"}}
def labels(s):
    m = re.match(r'\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*', s)
    name, i = m.group(1), m.end()
    body = ''
    if i < len(s) and s[i] == '{':
        j, q = i + 1, False
        while j < len(s) and (q or s[j] != '}'):
            if s[j] == '\\' and q: j += 1
            elif s[j] == '"': q = not q
            j += 1
        body = s[i + 1:j]
    pairs = re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"', body)
    return name, dict(pairs)
for path in sys.argv[1:]:
    types = {}; cur = None; group = {}; points = 0; samples = 0
    def end():
        global group, points
        points += len(group); group = {}
    for line in open(path, encoding='utf-8'):
        l = line.strip()
        if not l: continue
        if l.startswith('#'):
            w = l[1:].split(None, 2)
            if len(w) >= 2 and w[0] == 'TYPE':
                end(); types[w[1]] = w[2].strip().lower() if len(w) > 2 else ''; cur = w[1]
            elif len(w) >= 2 and w[0] in ('HELP', 'UNIT'):
                if w[1] != cur: end(); cur = w[1]
            continue
        name, lab = labels(l); samples += 1
        fam, suf = name, ''
        if not (name in types and types[name] not in ('histogram', 'gaugehistogram')):
            for s in SUF:
                if name.endswith(s) and types.get(name[:-len(s)]) and s in FITS.get(types[name[:-len(s)]], ()):
                    fam, suf = name[:-len(s)], s; break
        if fam != cur: end(); cur = fam
        t = types.get(fam, 'untyped')
        if t in ('counter',):
            key = tuple(sorted(lab.items()))
            if key in group and suf != '_created' and group[key]:
                points += 1; group[key] = False
            group[key] = group.get(key, False) or suf != '_created'
        elif t in ('histogram', 'gaugehistogram', 'summary'):
            lab.pop('le' if t != 'summary' else 'quantile', None) if (suf == '_bucket' or (t == 'summary' and suf == '')) else None
            group.setdefault(tuple(sorted(lab.items())), True)
        else:
            points += 1
    end()
    print(path.split('/')[-1], 'samples', samples, 'points', points)
