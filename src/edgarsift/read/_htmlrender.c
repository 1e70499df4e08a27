/* The HTML render's tag loop in C: HtmlRender.run of read/html.py, step for step.

   read/html.py holds the Python loop this mirrors; it is the fallback (no compiler, or EDGARSIFT_PURE_PYTHON=1) and
   the reference tests/read/test_html_native.py compares this with, text and map alike. A change to one is a change
   to both. What is rare or already a table (a tag's kind, an entity's output, a raised mark, skipped content, a
   checkbox) stays in Python and is called from here through configure(); what runs once a tag or once a character
   (finding tags, collapsing white space, copying text, growing the map) is here.

   The patterns of html.py are matched by hand, with the stdlib engine's meaning of \w (str.isalnum or "_"), \s
   (str.isspace) and \d (str.isdecimal), and its leftmost-first alternation. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* configure(): html.py's tables and its rare steps */
static PyObject *g_kinds;         /* _TAG_KINDS: tag as written -> kind */
static PyObject *g_tag_kind;      /* _tag_kind(tag) -> kind, for a spelling not seen yet */
static PyObject *g_entities;      /* _ENTITIES: token -> output */
static PyObject *g_entity_output; /* _entity_output(token) -> output */
static PyObject *g_raised_mark;   /* _raised_mark(raw, name, tag, pos, last) -> bool */
static PyObject *g_skipped_to;    /* _skipped_to(raw, pos, end, name) -> offset or -1 */
static PyObject *g_checked;       /* _CHECKED.search */
static PyObject *g_acting;        /* tuple of the names that end a quiet run (lower case ASCII) */
static const char *g_acting_names[16]; /* their UTF-8, kept alive by g_acting */
static Py_ssize_t g_acting_count;

#define COPIED (-1)
/* the tag kinds of html.py */
enum { K_INERT, K_CELL, K_LINE, K_PRE_OPEN, K_PRE_CLOSE, K_MARK_OPEN, K_MARK_CLOSE, K_SKIP, K_INPUT };
#define NO_CHAR ((Py_UCS4)0xFFFFFFFF) /* "last" while the view is empty */

typedef struct {
    int kind;
    const void *data;
} Chars;

#define AT(c, i) PyUnicode_READ((c).kind, (c).data, (i))

typedef struct {
    PyObject *raw, *parts, *runs;
    Chars r;
    Py_ssize_t joins;
    Py_UCS4 last;
} Render;

/* \w, with ASCII (nearly every character of a tag name) answered without the Unicode tables */
static inline int is_word(Py_UCS4 ch) {
    if (ch < 128) return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || ch == '_';
    return Py_UNICODE_ISALNUM(ch);
}
static inline int is_ascii_alpha(Py_UCS4 ch) { return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'; }
static inline int is_ascii_alnum(Py_UCS4 ch) { return is_ascii_alpha(ch) || (ch >= '0' && ch <= '9'); }
static inline int is_hex(Py_UCS4 ch) { return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f'); }
static inline int is_name_char(Py_UCS4 ch) { return ch == ':' || ch == '.' || ch == '-' || is_word(ch); }
/* _COLLAPSING: " \t\r\n\f\v\u00a0\u200b" */
static inline int is_collapsing(Py_UCS4 ch) {
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v' || ch == 0xA0 || ch == 0x200B;
}
/* The Python loop reads its text from a copy with each collapsing character written as a space ("spaced"); here
   the source is read through SPACED, and a piece of it is copied with those characters rewritten (spaced_piece) */
#define SPACED(c, i) (is_collapsing(AT(c, i)) ? (Py_UCS4)' ' : AT(c, i))

/* last in _BREAKS: (" ", "\n", "\t", "") */
static inline int after_break(Py_UCS4 last) { return last == NO_CHAR || last == ' ' || last == '\n' || last == '\t'; }

/* the first ``ch`` (ASCII) in [from, end), or -1: memchr where the text is one byte a character */
static inline Py_ssize_t find_char(Chars r, Py_ssize_t from, Py_ssize_t end, Py_UCS4 ch) {
    if (from >= end) return -1;
    if (r.kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *base = (const Py_UCS1 *)r.data;
        const Py_UCS1 *hit = memchr(base + from, (int)ch, (size_t)(end - from));
        return hit ? hit - base : -1;
    }
    for (Py_ssize_t i = from; i < end; i++) {
        if (AT(r, i) == ch) return i;
    }
    return -1;
}

/* raw.find(lit, from, end) for an ASCII literal */
static Py_ssize_t find_lit(Chars r, Py_ssize_t from, Py_ssize_t end, const char *lit) {
    size_t n = strlen(lit);
    if (n == 1) return find_char(r, from, end, (unsigned char)lit[0]);
    for (Py_ssize_t i = from; i + (Py_ssize_t)n <= end; i++) {
        size_t k = 0;
        while (k < n && AT(r, i + k) == (Py_UCS4)(unsigned char)lit[k]) k++;
        if (k == n) return i;
    }
    return -1;
}

static PyObject *spaced_piece(Render *st, Py_ssize_t a, Py_ssize_t b);

/* ---- the map and the text ------------------------------------------------------------------------------------ */

static int append_part(Render *st, PyObject *piece) {
    if (piece == NULL) return -1;
    int rc = PyList_Append(st->parts, piece);
    Py_DECREF(piece);
    return rc;
}

static int append_int(PyObject *list, Py_ssize_t v) {
    PyObject *n = PyLong_FromSsize_t(v);
    if (n == NULL) return -1;
    int rc = PyList_Append(list, n);
    Py_DECREF(n);
    return rc;
}

static int append_run(Render *st, Py_ssize_t length, Py_ssize_t src, Py_ssize_t end) {
    if (append_int(st->runs, length) < 0 || append_int(st->runs, src) < 0 || append_int(st->runs, end) < 0) return -1;
    return 0;
}

/* runs[-3] += n: the last run, copied and ending where the piece starts, grows */
static int grow_last_run(Render *st, Py_ssize_t n) {
    Py_ssize_t k = PyList_GET_SIZE(st->runs) - 3;
    Py_ssize_t old = PyLong_AsSsize_t(PyList_GET_ITEM(st->runs, k));
    if (old == -1 && PyErr_Occurred()) return -1;
    PyObject *v = PyLong_FromSsize_t(old + n);
    if (v == NULL) return -1;
    return PyList_SetItem(st->runs, k, v);
}

/* _copy: the source's text [a, b), not empty, copied as it stands (``spaced``: with collapsing characters as
   spaces) */
static int copy_piece(Render *st, int spaced, Py_ssize_t a, Py_ssize_t b) {
    if (append_part(st, spaced ? spaced_piece(st, a, b) : PyUnicode_Substring(st->raw, a, b)) < 0) return -1;
    if (a == st->joins) {
        if (grow_last_run(st, b - a) < 0) return -1;
    } else if (append_run(st, b - a, a, COPIED) < 0) {
        return -1;
    }
    st->joins = b;
    st->last = spaced ? SPACED(st->r, b - 1) : AT(st->r, b - 1);
    return 0;
}

/* _space: one space for the white space at [pos, end) (none after a break) */
static int space(Render *st, Py_ssize_t pos, Py_ssize_t end) {
    if (after_break(st->last)) return 0;
    if (append_part(st, PyUnicode_FromOrdinal(' ')) < 0) return -1;
    if (end == pos + 1) {
        if (pos == st->joins) {
            if (grow_last_run(st, 1) < 0) return -1;
        } else if (append_run(st, 1, pos, COPIED) < 0) {
            return -1;
        }
        st->joins = end;
    } else {
        if (append_run(st, 1, pos, end) < 0) return -1;
        st->joins = -1;
    }
    st->last = ' ';
    return 0;
}

/* A mark the render writes itself ("\t", "\n", "(", ")"): one character standing for nothing at ``at`` */
static int mark_char(Render *st, Py_UCS4 ch, Py_ssize_t at) {
    if (append_part(st, PyUnicode_FromOrdinal(ch)) < 0) return -1;
    if (append_run(st, 1, at, at) < 0) return -1;
    st->joins = -1;
    st->last = ch;
    return 0;
}

/* ---- entities ------------------------------------------------------------------------------------------------ */

/* _ENTITY at ``a`` (raw[a] == "&"), the string ending at ``e``: the match's end, or -1.
   &(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});? */
static Py_ssize_t entity_end(Chars r, Py_ssize_t a, Py_ssize_t e) {
    Py_ssize_t i = a + 1, j;
    if (i >= e) return -1;
    Py_UCS4 ch = AT(r, i);
    if (ch == '#') {
        if (i + 1 < e && Py_UNICODE_ISDECIMAL(AT(r, i + 1))) {
            for (j = i + 1; j < e && j < i + 8 && Py_UNICODE_ISDECIMAL(AT(r, j)); j++) {}
        } else if (i + 2 < e && (AT(r, i + 1) == 'x' || AT(r, i + 1) == 'X') && is_hex(AT(r, i + 2))) {
            for (j = i + 2; j < e && j < i + 8 && is_hex(AT(r, j)); j++) {}
        } else {
            return -1;
        }
    } else if (is_ascii_alpha(ch) && i + 1 < e && is_ascii_alnum(AT(r, i + 1))) {
        for (j = i + 1; j < e && j < i + 32 && is_ascii_alnum(AT(r, j)); j++) {}
    } else {
        return -1;
    }
    if (j < e && AT(r, j) == ';') j++;
    return j;
}

/* the first entity in [pos, end), its start in *at: its end, or -1 */
static Py_ssize_t next_entity(Chars r, Py_ssize_t pos, Py_ssize_t end, Py_ssize_t *at) {
    for (Py_ssize_t i = pos; (i = find_char(r, i, end, '&')) >= 0; i++) {
        Py_ssize_t j = entity_end(r, i, end);
        if (j >= 0) {
            *at = i;
            return j;
        }
    }
    return -1;
}

/* _entity: the entity raw[a:b] */
static int entity(Render *st, Py_ssize_t a, Py_ssize_t b) {
    PyObject *token = PyUnicode_Substring(st->raw, a, b);
    if (token == NULL) return -1;
    PyObject *out = PyDict_GetItemWithError(g_entities, token); /* borrowed */
    if (out != NULL && PyUnicode_GET_LENGTH(out) > 0) {
        Py_INCREF(out);
    } else {
        if (PyErr_Occurred()) goto fail_token;
        out = PyObject_CallOneArg(g_entity_output, token);
        if (out == NULL) goto fail_token;
        if (!PyUnicode_Check(out)) {
            PyErr_SetString(PyExc_TypeError, "an entity's output is a str");
            goto fail;
        }
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(out);
    int rc = 0;
    if (n == 1 && PyUnicode_READ_CHAR(out, 0) == ' ') {
        if (after_break(st->last)) goto done;
    } else if (PyUnicode_Compare(out, token) == 0) {
        rc = copy_piece(st, 0, a, b);
        goto done;
    } else if (n == 0) {
        goto done;
    }
    Py_INCREF(out);
    if (append_part(st, out) < 0 || append_run(st, n, a, b) < 0) goto fail;
    st->joins = -1;
    st->last = PyUnicode_READ_CHAR(out, n - 1);
done:
    Py_DECREF(out);
    Py_DECREF(token);
    return rc;
fail:
    Py_DECREF(out);
fail_token:
    Py_DECREF(token);
    return -1;
}

/* ---- text between tags --------------------------------------------------------------------------------------- */

/* spaced.find("  ", pos, end) */
static Py_ssize_t find_run(Chars r, Py_ssize_t pos, Py_ssize_t end) {
    for (Py_ssize_t i = pos; i + 1 < end; i++) {
        if (is_collapsing(AT(r, i)) && is_collapsing(AT(r, i + 1))) return i;
    }
    return -1;
}

static Py_ssize_t run_end_at(Chars r, Py_ssize_t i, Py_ssize_t end) {
    while (i < end && is_collapsing(AT(r, i))) i++;
    return i;
}

/* spaced[a:b]: the source's text with each collapsing character a space */
static PyObject *spaced_piece(Render *st, Py_ssize_t a, Py_ssize_t b) {
    Chars r = st->r;
    Py_ssize_t i = a;
    while (i < b && (AT(r, i) == ' ' || !is_collapsing(AT(r, i)))) i++;
    if (i == b) return PyUnicode_Substring(st->raw, a, b); /* nothing to rewrite: the common piece */
    Py_UCS4 *chars = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(b - a));
    if (chars == NULL) return PyErr_NoMemory();
    for (i = a; i < b; i++) chars[i - a] = SPACED(r, i);
    /* (a new str takes the narrowest kind that holds its characters: "\u200b" written as a space may narrow it) */
    PyObject *piece = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, b - a);
    PyMem_Free(chars);
    return piece;
}

/* a piece of spaced text with no run in it, as _collapsed copies it: a lone space opening it dropped after a break */
static int plain_piece(Render *st, Py_ssize_t pos, Py_ssize_t end) {
    if (after_break(st->last) && SPACED(st->r, pos) == ' ') pos++;
    if (end > pos) return copy_piece(st, 1, pos, end);
    return 0;
}

static int collapsed_runs(Render *st, Py_ssize_t pos, Py_ssize_t end);

/* _collapsed: text without entities, each run of white space one space */
static int collapsed(Render *st, Py_ssize_t pos, Py_ssize_t end) {
    Py_ssize_t run_at = find_run(st->r, pos, end);
    if (run_at < 0) return plain_piece(st, pos, end);
    Py_ssize_t run_end = run_end_at(st->r, run_at, end);
    if (find_run(st->r, run_end, end) >= 0) return collapsed_runs(st, pos, end);
    if (run_at > pos && plain_piece(st, pos, run_at) < 0) return -1;
    if (!after_break(st->last)) {
        if (append_part(st, PyUnicode_FromOrdinal(' ')) < 0 || append_run(st, 1, run_at, run_end) < 0) return -1;
        st->joins = -1;
        st->last = ' ';
    }
    if (end > run_end) {
        if (append_part(st, spaced_piece(st, run_end, end)) < 0) return -1;
        if (append_run(st, end - run_end, run_end, COPIED) < 0) return -1;
        st->joins = end;
        st->last = SPACED(st->r, end - 1);
    }
    return 0;
}

/* _collapsed_runs: the words between the runs copied, each run one space but the first when it opens the text after a
   break. The Python builds the words and gaps with split/findall; here the runs are walked in place. */
static int collapsed_runs(Render *st, Py_ssize_t pos, Py_ssize_t end) {
    Chars s = st->r;
    Py_ssize_t gap = find_run(s, pos, end); /* there are two or more */
    Py_ssize_t gap_end = run_end_at(s, gap, end);
    /* the first word, [pos, gap) */
    if (gap > pos) {
        Py_ssize_t at = pos;
        if (after_break(st->last) && SPACED(s, at) == ' ') at++;
        if (gap > at && copy_piece(st, 1, at, gap) < 0) return -1;
    }
    int skip_first = after_break(st->last);
    /* the middle, one part: " ".join of the words between runs, with "" before them for the first run's space
       and "" after them for the last run's space */
    PyObject *words = PyList_New(0), *blank = PyUnicode_New(0, 0), *middle = NULL;
    if (words == NULL || blank == NULL) goto fail;
    if (!skip_first && PyList_Append(words, blank) < 0) goto fail;
    Py_ssize_t word = gap_end; /* the word after the current run */
    int first_gap = 1;
    for (;;) {
        Py_ssize_t next = find_run(s, word, end);
        if (!(first_gap && skip_first) && append_run(st, 1, gap, gap_end) < 0) goto fail; /* the run: one space */
        first_gap = 0;
        if (next < 0) break; /* the word after the last run is the closing word */
        PyObject *between = spaced_piece(st, word, next);
        if (between == NULL || PyList_Append(words, between) < 0) {
            Py_XDECREF(between);
            goto fail;
        }
        Py_DECREF(between);
        if (append_run(st, next - word, word, COPIED) < 0) goto fail;
        gap = next;
        gap_end = run_end_at(s, next, end);
        word = gap_end;
    }
    if (PyList_Append(words, blank) < 0) goto fail;
    PyObject *sep = PyUnicode_FromOrdinal(' ');
    if (sep == NULL) goto fail;
    middle = PyUnicode_Join(sep, words);
    Py_DECREF(sep);
    Py_CLEAR(words);
    Py_CLEAR(blank);
    if (middle == NULL) return -1;
    int wrote = PyUnicode_GET_LENGTH(middle) > 0;
    if (append_part(st, middle) < 0) return -1;
    if (wrote) {
        st->joins = -1;
        st->last = ' ';
    }
    if (end > word) { /* the closing word */
        if (append_part(st, spaced_piece(st, word, end)) < 0) return -1;
        if (append_run(st, end - word, word, COPIED) < 0) return -1;
        st->joins = end;
        st->last = SPACED(s, end - 1);
    }
    return 0;
fail:
    Py_XDECREF(words);
    Py_XDECREF(blank);
    return -1;
}

/* _text: text with entities or runs in it */
static int text(Render *st, Py_ssize_t pos, Py_ssize_t end) {
    Py_ssize_t at, stop;
    while ((stop = next_entity(st->r, pos, end, &at)) >= 0) {
        if (at > pos) {
            if (find_run(st->r, pos, at) >= 0) {
                if (collapsed(st, pos, at) < 0) return -1;
            } else if (plain_piece(st, pos, at) < 0) {
                return -1;
            }
        }
        if (entity(st, at, stop) < 0) return -1;
        pos = stop;
    }
    if (end > pos) return collapsed(st, pos, end);
    return 0;
}

/* _pre_text: text in <pre>, copied as it stands, entities decoded */
static int pre_text(Render *st, Py_ssize_t pos, Py_ssize_t end) {
    Py_ssize_t at, stop;
    while ((stop = next_entity(st->r, pos, end, &at)) >= 0) {
        if (at > pos && copy_piece(st, 0, pos, at) < 0) return -1;
        if (entity(st, at, stop) < 0) return -1;
        pos = stop;
    }
    if (end > pos) return copy_piece(st, 0, pos, end);
    return 0;
}

/* ---- tags ---------------------------------------------------------------------------------------------------- */


static inline int starts_with(Chars r, Py_ssize_t i, Py_ssize_t end, const char *lit) {
    for (; *lit; lit++, i++) {
        if (i >= end || AT(r, i) != (Py_UCS4)(unsigned char)*lit) return 0;
    }
    return 1;
}

/* _NOT_ELEMENT at p (raw[p] == "<"): <!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?.*?\?> ; the end, or -1 */
static Py_ssize_t not_element_end(Chars r, Py_ssize_t p, Py_ssize_t end) {
    Py_ssize_t i;
    if (starts_with(r, p, end, "<!--") && (i = find_lit(r, p + 4, end, "-->")) >= 0) return i + 3;
    if (starts_with(r, p, end, "<![CDATA[") && (i = find_lit(r, p + 9, end, "]]>")) >= 0) return i + 3;
    if (starts_with(r, p, end, "<!") && (i = find_lit(r, p + 2, end, ">")) >= 0) return i + 1;
    if (starts_with(r, p, end, "<?") && (i = find_lit(r, p + 2, end, "?>")) >= 0) return i + 2;
    return -1;
}

/* The element of _TAG at p: <(/?[A-Za-z][\w:.-]*)\b[^>]*> ; the end, or -1; the group's end in *name_end (it
   starts at p + 1). The name is as long as a word boundary allows: the engine gives back name characters until
   one (the first is a letter, so one always does). */
static Py_ssize_t element_end(Chars r, Py_ssize_t p, Py_ssize_t end, Py_ssize_t *name_end) {
    Py_ssize_t i = p + 1;
    if (i < end && AT(r, i) == '/') i++;
    if (i >= end || !is_ascii_alpha(AT(r, i))) return -1;
    Py_ssize_t j = i + 1;
    while (j < end && is_name_char(AT(r, j))) j++;
    Py_ssize_t k = j;
    while (k > i + 1 && is_word(AT(r, k - 1)) == (k < end && is_word(AT(r, k)))) k--;
    /* [^>]*> : the first ">" after the name (no name character is one) */
    Py_ssize_t close = find_lit(r, j, end, ">");
    if (close < 0) return -1;
    *name_end = k;
    return close + 1;
}

/* _TAG at p: the end, or -1; *name_end is -1 for what is not an element (a comment, a declaration) */
static Py_ssize_t tag_end(Chars r, Py_ssize_t p, Py_ssize_t end, Py_ssize_t *name_end) {
    Py_ssize_t e = not_element_end(r, p, end);
    if (e >= 0) {
        *name_end = -1;
        return e;
    }
    return element_end(r, p, end, name_end);
}

/* _TAKEN_SPACE after a tag ending at t: (?:[collapsing]++(?!\s))? ; where the token ends */
static Py_ssize_t taken_space_end(Chars r, Py_ssize_t t, Py_ssize_t end) {
    Py_ssize_t q = t;
    while (q < end && is_collapsing(AT(r, q))) q++;
    if (q > t && q < end && Py_UNICODE_ISSPACE(AT(r, q))) return t;
    return q;
}

/* the lookahead of _quiet_run at i (after "<"): /?(?:name|...)\b, each name in any ASCII case, k also as the Kelvin
   sign (the spellings whose str.lower() is the name) */
static int acting_at(Chars r, Py_ssize_t i, Py_ssize_t end) {
    if (i < end && AT(r, i) == '/') i++;
    for (Py_ssize_t a = 0; a < g_acting_count; a++) {
        const char *name = g_acting_names[a];
        Py_ssize_t j = i;
        for (; *name; name++, j++) {
            if (j >= end) break;
            Py_UCS4 ch = AT(r, j), want = (unsigned char)*name;
            if (!(ch == want || (want >= 'a' && want <= 'z' && ch == want - 32) || (want == 'k' && ch == 0x212A))) break;
        }
        if (*name == '\0' && !(j < end && is_word(AT(r, j)))) return 1;
    }
    return 0;
}

/* _QUIET_AFTER_BREAK matched at p with the string ending at end: the run's end, or -1 (no tag in it) */
static Py_ssize_t quiet_end(Chars r, Py_ssize_t p, Py_ssize_t end) {
    Py_ssize_t matched = -1, name_end;
    while (p < end && AT(r, p) == '<') {
        Py_ssize_t e = not_element_end(r, p, end);
        if (e < 0) {
            if (acting_at(r, p + 1, end)) break;
            e = element_end(r, p, end, &name_end);
            if (e < 0) break;
        }
        p = matched = taken_space_end(r, e, end);
    }
    return matched;
}

/* ---- the loop ------------------------------------------------------------------------------------------------ */

static int get_ssize(PyObject *obj, const char *name, Py_ssize_t *out) {
    PyObject *v = PyObject_GetAttrString(obj, name);
    if (v == NULL) return -1;
    *out = PyLong_AsSsize_t(v);
    Py_DECREF(v);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static int set_ssize(PyObject *obj, const char *name, Py_ssize_t value) {
    PyObject *v = PyLong_FromSsize_t(value);
    if (v == NULL) return -1;
    int rc = PyObject_SetAttrString(obj, name, v);
    Py_DECREF(v);
    return rc;
}

static PyObject *char_str(Py_UCS4 ch) {
    return ch == NO_CHAR ? PyUnicode_New(0, 0) : PyUnicode_FromOrdinal(ch);
}

/* the tag's kind from html.py's table (by its spelling), or from _tag_kind the first time */
static long kind_of(Render *st, Py_ssize_t p, Py_ssize_t name_end, PyObject **tag) {
    *tag = NULL;
    if (name_end < 0) return K_INERT;
    *tag = PyUnicode_Substring(st->raw, p + 1, name_end);
    if (*tag == NULL) return -1;
    PyObject *k = PyDict_GetItemWithError(g_kinds, *tag);
    if (k != NULL) return PyLong_AsLong(k);
    if (PyErr_Occurred()) return -1;
    k = PyObject_CallOneArg(g_tag_kind, *tag);
    if (k == NULL) return -1;
    long kind = PyLong_AsLong(k);
    Py_DECREF(k);
    return kind;
}

/* tag.lower() */
static PyObject *lowered(PyObject *tag, Py_ssize_t from) {
    PyObject *piece = PyUnicode_Substring(tag, from, PyUnicode_GET_LENGTH(tag));
    if (piece == NULL) return NULL;
    PyObject *low = PyObject_CallMethod(piece, "lower", NULL);
    Py_DECREF(piece);
    return low;
}

/* run(render, stop_at): HtmlRender.run for a render not done; the render's state is read and written back */
static PyObject *run(PyObject *self, PyObject *args) {
    PyObject *render, *stop_obj;
    if (!PyArg_ParseTuple(args, "OO", &render, &stop_obj)) return NULL;
    Render st = {0};
    Py_ssize_t end, pos, pre_depth, stop_at;
    PyObject *last_obj = NULL, *mark = NULL, *mark_name = NULL, *result = NULL, *tag = NULL;
    long mark_depth = 0;
    int done = 0;

    if (get_ssize(render, "end", &end) < 0 || get_ssize(render, "joins", &st.joins) < 0 ||
        get_ssize(render, "pos", &pos) < 0 || get_ssize(render, "pre_depth", &pre_depth) < 0) return NULL;
    stop_at = stop_obj == Py_None ? end : PyLong_AsSsize_t(stop_obj);
    if (stop_at == -1 && PyErr_Occurred()) return NULL;
    st.raw = PyObject_GetAttrString(render, "raw");
    st.parts = PyObject_GetAttrString(render, "parts");
    st.runs = PyObject_GetAttrString(render, "runs");
    last_obj = PyObject_GetAttrString(render, "last");
    mark = PyObject_GetAttrString(render, "mark");
    if (!st.raw || !st.parts || !st.runs || !last_obj || !mark) goto fail;
    if (!PyUnicode_Check(st.raw) || !PyList_Check(st.parts) || !PyList_Check(st.runs) ||
        !PyUnicode_Check(last_obj) || !PyList_Check(mark)) {
        PyErr_SetString(PyExc_TypeError, "not a render begun by HtmlRender");
        goto fail;
    }
#if PY_VERSION_HEX < 0x030C0000 /* (every str is ready from 3.12 on, and the call is deprecated) */
    if (PyUnicode_READY(st.raw) < 0) goto fail;
#endif
    if (end > PyUnicode_GET_LENGTH(st.raw) || pos < 0 || pos > end) {
        PyErr_SetString(PyExc_ValueError, "render range outside its text");
        goto fail;
    }
    st.r = (Chars){PyUnicode_KIND(st.raw), PyUnicode_DATA(st.raw)};
    st.last = PyUnicode_GET_LENGTH(last_obj) ? PyUnicode_READ_CHAR(last_obj, 0) : NO_CHAR;
    if (PyList_GET_SIZE(mark) == 2) {
        mark_name = PyList_GET_ITEM(mark, 0);
        Py_INCREF(mark_name);
        mark_depth = PyLong_AsLong(PyList_GET_ITEM(mark, 1));
    }
    Chars r = st.r;
    Py_ssize_t q_end = stop_at < end ? stop_at : end, name_end, after;

    if (st.last == '\n' && !pre_depth && !mark_name && (after = quiet_end(r, pos, q_end)) >= 0) pos = after;
    for (;;) {
        /* the next token: the first "<" at which a tag matches */
        Py_ssize_t at = pos, t = -1;
        for (;; at++) {
            if ((at = find_char(r, at, end, '<')) < 0) break;
            if ((t = tag_end(r, at, end, &name_end)) >= 0) break;
        }
        if (at < 0) break;
        Py_ssize_t stop = taken_space_end(r, t, end), ws = stop - t;

        if (at > pos) { /* the text before the tag */
            if (pre_depth) {
                if (pre_text(&st, pos, at) < 0) goto fail;
            } else {
                Py_ssize_t i = pos;
                while (i < at && Py_UNICODE_ISSPACE(AT(r, i))) i++;
                if (i == at) { /* a gap of white space only */
                    if (space(&st, pos, at) < 0) goto fail;
                } else {
                    Py_ssize_t e;
                    if (AT(r, pos) == '&' && (e = entity_end(r, pos, at)) >= 0) {
                        if (entity(&st, pos, e) < 0) goto fail;
                        pos = e;
                    }
                    if (at > pos) {
                        int plain = find_char(r, pos, at, '&') < 0 && find_run(r, pos, at) < 0;
                        if (plain ? plain_piece(&st, pos, at) < 0 : text(&st, pos, at) < 0) goto fail;
                    }
                }
            }
        }
        pos = stop;
        long kind = kind_of(&st, at, name_end, &tag);
        if (kind < 0) goto fail;
        if (kind == K_CELL) {
            if (!(st.last == '\n' || st.last == '\t' || st.last == NO_CHAR) && mark_char(&st, '\t', at) < 0) goto fail;
        } else if (kind == K_LINE || kind == K_PRE_OPEN || kind == K_PRE_CLOSE) {
            if (at >= stop_at) { /* stop before it: the render goes on from this tag */
                pos = at;
                Py_CLEAR(tag);
                goto paused;
            }
            if (kind == K_PRE_OPEN) {
                pre_depth++;
            } else if (kind == K_PRE_CLOSE && pre_depth) {
                pre_depth--;
            }
            if (st.last != '\n' && st.last != NO_CHAR && mark_char(&st, '\n', at) < 0) goto fail;
            if (st.last == '\n' && !pre_depth && !mark_name && stop < end && AT(r, stop) == '<' &&
                (after = quiet_end(r, stop, q_end)) >= 0) {
                pos = after; /* the tags up to the next text add nothing */
                Py_CLEAR(tag);
                continue;
            }
        } else if (kind == K_MARK_OPEN || kind == K_MARK_CLOSE) {
            if (mark_name) {
                PyObject *low = lowered(tag, kind == K_MARK_CLOSE);
                if (low == NULL) goto fail;
                int same = PyUnicode_Compare(low, mark_name) == 0;
                Py_DECREF(low);
                if (same) {
                    mark_depth += kind == K_MARK_CLOSE ? -1 : 1;
                    if (mark_depth == 0) {
                        if (mark_char(&st, ')', at) < 0) goto fail;
                        Py_CLEAR(mark_name);
                    }
                }
            } else if (kind == K_MARK_OPEN && /* (last in "%.,)" holds for "" too, as the Python has it) */
                       (st.last == NO_CHAR || Py_UNICODE_ISALNUM(st.last) || st.last == '%' || st.last == '.' || st.last == ',' ||
                        st.last == ')')) {
                PyObject *low = lowered(tag, 0);
                if (low == NULL) goto fail;
                PyObject *whole = PyUnicode_Substring(st.raw, at, stop - ws);
                PyObject *last_str = char_str(st.last);
                PyObject *raised = whole && last_str ? PyObject_CallFunction(
                    g_raised_mark, "OOOnO", st.raw, low, whole, stop - ws, last_str) : NULL;
                Py_XDECREF(whole);
                Py_XDECREF(last_str);
                int yes = raised ? PyObject_IsTrue(raised) : -1;
                Py_XDECREF(raised);
                if (yes < 0) {
                    Py_DECREF(low);
                    goto fail;
                }
                if (yes) {
                    if (mark_char(&st, '(', at) < 0) {
                        Py_DECREF(low);
                        goto fail;
                    }
                    mark_name = low;
                    mark_depth = 1;
                } else {
                    Py_DECREF(low);
                }
            }
        } else if (kind == K_SKIP) {
            Py_ssize_t te = stop - ws;
            if (AT(r, te - 2) != '/') {
                PyObject *low = lowered(tag, 0);
                PyObject *to = low ? PyObject_CallFunction(g_skipped_to, "OnnO", st.raw, te, end, low) : NULL;
                Py_XDECREF(low);
                if (to == NULL) goto fail;
                pos = PyLong_AsSsize_t(to);
                Py_DECREF(to);
                if (pos == -1 && PyErr_Occurred()) goto fail;
                Py_CLEAR(tag);
                if (pos < 0) { /* never closed: nothing after it is shown */
                    done = 1;
                    goto finished;
                }
                continue; /* the scan goes on from the closing tag */
            }
        } else if (kind == K_INPUT) {
            Py_ssize_t te = stop - ws;
            PyObject *found = PyObject_CallFunction(g_checked, "Onn", st.raw, at, te);
            if (found == NULL) goto fail;
            int checked = found != Py_None;
            Py_DECREF(found);
            if (append_part(&st, PyUnicode_FromString(checked ? "[X]" : "[ ]")) < 0) goto fail;
            if (append_run(&st, 3, at, te) < 0) goto fail;
            st.joins = -1;
            st.last = ']';
        } else if (kind != K_INERT) {
            PyErr_Format(PyExc_ValueError, "unknown tag kind %ld", kind);
            goto fail;
        }
        Py_CLEAR(tag);
        /* the white space opening the text after the tag: one space (none after a break), unless in <pre> */
        if (ws) {
            if (pre_depth) {
                pos = stop - ws;
            } else if (!after_break(st.last)) {
                if (space(&st, stop - ws, stop) < 0) goto fail;
            }
        }
    }
    if (end > pos) { /* the text after the last tag */
        if (pre_depth) {
            if (pre_text(&st, pos, end) < 0) goto fail;
        } else {
            Py_ssize_t i = pos;
            while (i < end && Py_UNICODE_ISSPACE(AT(r, i))) i++;
            if ((i == end ? space(&st, pos, end) : text(&st, pos, end)) < 0) goto fail;
        }
    }
    done = 1;
finished:
    if (PyObject_SetAttrString(render, "done", Py_True) < 0) goto fail;
    result = Py_True;
    Py_INCREF(result);
    goto out;
paused: {
        PyObject *last_now = char_str(st.last);
        PyObject *mark_now = mark_name ? Py_BuildValue("[Ol]", mark_name, mark_depth) : PyList_New(0);
        int rc = (last_now && mark_now && set_ssize(render, "joins", st.joins) == 0 &&
                  PyObject_SetAttrString(render, "last", last_now) == 0 && set_ssize(render, "pos", pos) == 0 &&
                  set_ssize(render, "pre_depth", pre_depth) == 0 &&
                  PyObject_SetAttrString(render, "mark", mark_now) == 0) ? 0 : -1;
        Py_XDECREF(last_now);
        Py_XDECREF(mark_now);
        if (rc < 0) goto fail;
        result = Py_False;
        Py_INCREF(result);
        goto out;
    }
fail:
    result = NULL;
out:
    (void)done;
    Py_XDECREF(tag);
    Py_XDECREF(mark_name);
    Py_XDECREF(st.raw);
    Py_XDECREF(st.parts);
    Py_XDECREF(st.runs);
    Py_XDECREF(last_obj);
    Py_XDECREF(mark);
    return result;
}

static PyObject *configure(PyObject *self, PyObject *args) {
    PyObject *kinds, *tag_kind, *entities, *entity_output, *raised_mark, *skipped_to, *checked, *acting;
    if (!PyArg_ParseTuple(args, "O!OO!OOOOO!", &PyDict_Type, &kinds, &tag_kind, &PyDict_Type, &entities,
                          &entity_output, &raised_mark, &skipped_to, &checked, &PyTuple_Type, &acting))
        return NULL;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(acting); i++) {
        PyObject *name = PyTuple_GET_ITEM(acting, i);
        if (!PyUnicode_Check(name) || !PyUnicode_IS_ASCII(name)) {
            PyErr_SetString(PyExc_ValueError, "acting names are ASCII strings");
            return NULL;
        }
    }
    if (PyTuple_GET_SIZE(acting) > 16) {
        PyErr_SetString(PyExc_ValueError, "at most 16 acting names");
        return NULL;
    }
    PyObject **slots[] = {&g_kinds, &g_tag_kind, &g_entities, &g_entity_output, &g_raised_mark, &g_skipped_to,
                          &g_checked, &g_acting};
    PyObject *values[] = {kinds, tag_kind, entities, entity_output, raised_mark, skipped_to, checked, acting};
    for (int i = 0; i < 8; i++) {
        Py_INCREF(values[i]);
        Py_XSETREF(*slots[i], values[i]);
    }
    g_acting_count = PyTuple_GET_SIZE(g_acting);
    for (Py_ssize_t i = 0; i < g_acting_count; i++) g_acting_names[i] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(g_acting, i));
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS, "configure(kinds, tag_kind, entities, entity_output, raised_mark, "
                                           "skipped_to, checked_search, acting_names): html.py's tables and steps"},
    {"run", run, METH_VARARGS, "run(render, stop_at): HtmlRender.run in C"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_htmlrender", "HtmlRender.run's tag loop in C", -1,
                                    methods};

PyMODINIT_FUNC PyInit__htmlrender(void) { return PyModule_Create(&module); }
