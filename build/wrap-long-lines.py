#!/usr/bin/env python3
"""Wraps C# lines longer than the limit in .editorconfig (max_line_length, 160) without changing what the code means.

    python3 build/wrap-long-lines.py [files or folders...]     (default: src tests bench)

The build refuses longer lines (Directory.Build.targets, LINE160); this fixes most of them mechanically, for example
after a merge brought some in. It breaks only where C# ignores whitespace: comments are re-flowed at spaces, a
trailing comment moves above its line, and code is broken before `=>`, `&&`, `||`, `??`, `+`, `?`, a `.Call(` after
`)`, or after a comma, never inside a character, verbatim or raw literal and never on a preprocessor line; a
long regular or interpolated string is cut at a space outside its holes into two joined with + (`$"..." + $"..."`
is still one interpolated string to a handler). Lines it cannot break are listed, for a person to shorten.
"""
import os
import re
import sys

LIMIT = 160
BREAK_BEFORE = (' => ', ' && ', ' || ', ' ?? ', ' + ', ' ? ')


def code_mask(text):
    """One flag per character of text: True where the character is code, not a literal or a comment."""
    mask = [True] * len(text)
    i, n = 0, len(text)

    def mark(a, b):
        for k in range(a, min(b, n)):
            mask[k] = False

    def regular_string(j, verbatim, interpolated, braces=1):
        # j is just after the opening quote; returns the index after the closing quote.
        while j < n:
            c = text[j]
            if verbatim and c == '"' and j + 1 < n and text[j + 1] == '"':
                j += 2
            elif not verbatim and c == '\\':
                j += 2
            elif c == '"':
                return j + 1
            elif interpolated and c == '{':
                if j + 1 < n and text[j + 1] == '{':
                    j += 2
                else:
                    j = hole(j + 1)
            elif c == '\n' and not verbatim:
                return j
            else:
                j += 1
        return n

    def hole(j):
        # Code inside an interpolation hole up to its closing brace (nested strings skipped); returns the index after it.
        depth = 0
        while j < n:
            c = text[j]
            if c == '"' or (c in '@$' and j + 1 < n and text[j + 1] in '"@$'):
                j = literal(j)
                continue
            if c == "'":
                j = char_literal(j)
                continue
            if c == '{':
                depth += 1
            elif c == '}':
                if depth == 0:
                    return j + 1
                depth -= 1
            j += 1
        return n

    def char_literal(j):
        k = j + 1
        while k < n and text[k] != "'" and text[k] != '\n':
            k += 2 if text[k] == '\\' else 1
        return k + 1

    def literal(j):
        # j at the start of a string literal, its @ and $ prefixes included.
        k = j
        dollars = 0
        verbatim = False
        while k < n and text[k] in '@$':
            if text[k] == '$':
                dollars += 1
            else:
                verbatim = True
            k += 1
        quotes = 0
        while k + quotes < n and text[k + quotes] == '"':
            quotes += 1
        if quotes >= 3:
            end = text.find('"' * quotes, k + quotes)
            return n if end < 0 else end + quotes
        return regular_string(k + 1, verbatim, dollars > 0)

    line_start = True
    while i < n:
        c = text[i]
        if line_start and text[i:].lstrip(' \t').startswith('#'):
            end = text.find('\n', i)
            end = n if end < 0 else end
            mark(i, end)
            i = end
            continue
        line_start = c == '\n' or (line_start and c in ' \t')
        if c == '/' and i + 1 < n and text[i + 1] == '/':
            end = text.find('\n', i)
            end = n if end < 0 else end
            mark(i, end)
            i = end
        elif c == '/' and i + 1 < n and text[i + 1] == '*':
            end = text.find('*/', i + 2)
            end = n if end < 0 else end + 2
            mark(i, end)
            i = end
        elif c == '"' or (c in '@$' and i + 1 < n and text[i + 1] in '"@$' and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == '_'))):
            end = literal(i)
            mark(i, end)
            i = end
        elif c == "'":
            end = char_literal(i)
            mark(i, end)
            i = end
        else:
            i += 1
    return mask


def reflow_comment(indent, prefix, words):
    lines, current = [], ''
    for word in words:
        candidate = f'{current} {word}' if current else word
        if current and len(indent) + len(prefix) + len(candidate) > LIMIT:
            lines.append(f'{indent}{prefix}{current}')
            current = word
        else:
            current = candidate
    if current:
        lines.append(f'{indent}{prefix}{current}')
    return lines


def nesting(line, mask):
    """How deep in brackets (and generic angle brackets) each character of a code line is."""
    depth, out = 0, []
    for k, c in enumerate(line):
        if mask[k] and (c in '([{' or (c == '<' and k > 0 and (line[k - 1].isalnum() or line[k - 1] == '_')
                                           and k + 1 < len(line) and line[k + 1] != ' ')):
            depth += 1
        elif mask[k] and (c in ')]}' or (c == '>' and depth > 0 and k > 0 and line[k - 1] != ' ' and line[k - 1] != '=')):
            depth = max(0, depth - 1)
        out.append(depth)
    return out


def string_splits(line, mask):
    """Places where a regular or interpolated string literal may be cut in two at a space outside its holes:
    (index of the space, '$' when interpolated). Verbatim and raw literals are never cut."""
    spots, k = [], 0
    while k < len(line):
        starts = not mask[k] and (k == 0 or mask[k - 1])
        interpolated = line.startswith('$"', k) and not line.startswith('$"""', k)
        if starts and (interpolated or (line[k] == '"' and not line.startswith('"""', k))):
            j = k + (2 if interpolated else 1)
            holes = 0
            while j < len(line):
                c = line[j]
                if c == '\\' and holes == 0:
                    j += 2
                    continue
                if interpolated and c == '{':
                    if holes == 0 and line.startswith('{{', j):
                        j += 2
                        continue
                    holes += 1
                elif interpolated and c == '}' and holes > 0:
                    holes -= 1
                elif c == '"' and holes == 0:
                    break
                elif c == ' ' and holes == 0:
                    spots.append((j, '$' if interpolated else ''))
                j += 1
            k = j + 1
        else:
            k += 1
    return spots


def break_code(line, continuation):
    """Splits one code line into pieces of at most LIMIT characters, or returns None when it cannot. Among the places
    that fit, the least nested wins (then the rightmost), so a break falls between arguments rather than inside one;
    a long string literal is cut in two and joined with + only where the code offers no place."""
    pieces = []
    rest = line
    while len(rest) > LIMIT:
        mask = code_mask(rest)
        depth = nesting(rest, mask)
        start = len(continuation) if pieces else len(rest) - len(rest.lstrip())
        floor = start + (LIMIT - start) * 2 // 5
        candidates = []
        for k in range(floor, min(len(rest), LIMIT + 1)):
            if not mask[k]:
                continue
            if any(rest.startswith(op, k) for op in BREAK_BEFORE) and all(mask[k:k + 3]):
                candidates.append((k, k + 1))
            elif rest[k] == ',' and k + 1 < len(rest) and rest[k + 1] == ' ' and mask[k + 1]:
                candidates.append((k + 1, k + 2))
            elif rest[k] == '.' and rest[k - 1] == ')' and k + 1 < len(rest) and rest[k + 1].isupper():
                candidates.append((k, k))
        candidates = [c for c in candidates if len(rest[:c[0]].rstrip()) <= LIMIT]
        if candidates:
            cut, resume = min(candidates, key=lambda c: (depth[c[0]], -c[0]))
            pieces.append(rest[:cut].rstrip())
            rest = continuation + rest[resume:].lstrip()
            continue
        # A FormattableString is built from one interpolated string only: a + there would make it a plain string.
        formattable = 'FormattableString' in rest or 'Invariant(' in rest
        splits = [] if formattable else [(k, prefix) for k, prefix in string_splits(rest, mask) if floor <= k <= LIMIT - 4]
        if not splits:
            return None
        k, prefix = splits[-1]
        pieces.append(rest[:k + 1] + '" +')
        rest = continuation + prefix + '"' + rest[k + 1:]
    pieces.append(rest)
    return pieces


def wrap_file(path):
    with open(path, encoding='utf-8-sig') as f:
        text = f.read()
    had_bom = open(path, 'rb').read(3) == b'\xef\xbb\xbf'
    mask = code_mask(text)
    out, left = [], []
    position = 0
    for number, line in enumerate(text.split('\n'), 1):
        line_mask = mask[position:position + len(line)]
        # The newline before a line inside a multi-line literal (raw, verbatim) is part of the literal.
        starts_in_code = position == 0 or mask[position - 1]
        position += len(line) + 1
        if len(line) <= LIMIT:
            out.append(line)
            continue
        if not starts_in_code:
            # Its text is what the literal means: only a person can shorten it.
            left.append(f'{path}:{len(out) + 1}')
            out.append(line)
            continue
        indent = line[:len(line) - len(line.lstrip())]
        stripped = line.lstrip()
        comment = re.match(r'(///?\s?)(.*)$', stripped)
        if comment and not line_mask[len(indent)]:
            out.extend(reflow_comment(indent, comment.group(1) if comment.group(1).endswith(' ') else comment.group(1) + ' ',
                                      comment.group(2).split()))
            continue
        # A trailing // comment goes above its line.
        cut = next((k for k in range(len(indent), len(line) - 1)
                    if not line_mask[k] and line[k:k + 2] == '//' and (k == 0 or line_mask[k - 1])), None)
        if cut is not None and line[:cut].strip():
            words = line[cut + 2:].split()
            out.extend(reflow_comment(indent, '// ', words))
            line, line_mask = line[:cut].rstrip(), line_mask[:cut]
            if len(line) <= LIMIT:
                out.append(line)
                continue
        if stripped.startswith('#'):
            left.append(f'{path}:{len(out) + 1}')
            out.append(line)
            continue
        pieces = break_code(line, indent + '    ')
        if pieces is None:
            left.append(f'{path}:{len(out) + 1}')
            out.append(line)
        else:
            out.extend(pieces)
    result = '\n'.join(out)
    if result != text:
        with open(path, 'w', encoding='utf-8-sig' if had_bom else 'utf-8') as f:
            f.write(result)
    return left


def main(args):
    roots = args or ['src', 'tests', 'bench']
    files = []
    for root in roots:
        if os.path.isfile(root):
            files.append(root)
            continue
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ('bin', 'obj', 'node_modules')]
            files += [os.path.join(folder, name) for name in names if name.endswith('.cs')]
    left = [place for path in sorted(files) for place in wrap_file(path)]
    for place in left:
        print(f'{place}: longer than {LIMIT} characters and not broken automatically; shorten it by hand')
    return 1 if left else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
