/* The edit loop of TextView.rewrite in C: TextView.rewrite_python of text/view.py, step for step.

   view.py holds the Python loop this mirrors; it is the fallback (no compiler, or EDGARSIFT_PURE_PYTHON=1) and the
   reference tests/text/test_rewrite_native.py compares this with: the same pieces of text, the same runs of the map,
   merged and left unmerged exactly where the Python merges them. A change to one is a change to both.

   The matches still come from the pattern (re, regex, or a finder of text/clean.py); what runs here is what ran
   once per edit in Python: the replacement's text, the kept stretch before it, and the runs of the new map. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define COPIED (-1)
#define PIECES_PER_CHUNK 4096  /* view.py _PIECES_PER_CHUNK */
#define LONG_PIECE (1 << 16)   /* view.py _LONG_PIECE */

enum { R_LITERAL, R_GROUP, R_CALL, R_TEMPLATE };

/* the new map's runs: three growing int arrays (array('i') of view.py) */
typedef struct {
    int *lens, *srcs, *ends;
    Py_ssize_t n, cap;
    Py_ssize_t next; /* MapBuilder._next: the source offset that continues the last run (-1: it was not copied) */
} Runs;

static int runs_push(Runs *b, Py_ssize_t len, Py_ssize_t src, Py_ssize_t end) {
    if (b->n == b->cap) {
        Py_ssize_t cap = b->cap ? b->cap * 2 : 64;
        int *l = PyMem_Realloc(b->lens, cap * sizeof(int));
        if (!l) { PyErr_NoMemory(); return -1; }
        b->lens = l;
        int *s = PyMem_Realloc(b->srcs, cap * sizeof(int));
        if (!s) { PyErr_NoMemory(); return -1; }
        b->srcs = s;
        int *e = PyMem_Realloc(b->ends, cap * sizeof(int));
        if (!e) { PyErr_NoMemory(); return -1; }
        b->ends = e;
        b->cap = cap;
    }
    b->lens[b->n] = (int)len;
    b->srcs[b->n] = (int)src;
    b->ends[b->n] = (int)end;
    b->n++;
    return 0;
}

/* MapBuilder.copied */
static int runs_copied(Runs *b, Py_ssize_t src, Py_ssize_t n) {
    if (n <= 0) return 0;
    if (src == b->next) {
        b->lens[b->n - 1] += (int)n;
    } else if (runs_push(b, n, src, COPIED) < 0) {
        return -1;
    }
    b->next = src + n;
    return 0;
}

/* MapBuilder.standing_for */
static int runs_standing_for(Runs *b, Py_ssize_t src, Py_ssize_t end, Py_ssize_t n) {
    if (n <= 0) return 0;
    if (n == 1 && end == src + 1) return runs_copied(b, src, 1);
    if (runs_push(b, n, src, end) < 0) return -1;
    b->next = -1;
    return 0;
}

/* the old map, read through the buffers of its arrays */
typedef struct {
    const int *at, *srcs, *ends;
    Py_ssize_t nat; /* entries of at: runs + 1 */
} Map;

/* bisect.bisect_right(at, x, lo) */
static inline Py_ssize_t bisect_right(const Map *m, Py_ssize_t x, Py_ssize_t lo) {
    Py_ssize_t hi = m->nat;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (x < m->at[mid]) hi = mid; else lo = mid + 1;
    }
    return lo;
}

/* MapBuilder.extend: view characters [i, j) of the old map appended */
static int runs_extend(Runs *b, const Map *m, Py_ssize_t i, Py_ssize_t j) {
    if (j <= i) return 0;
    const int *at = m->at, *srcs = m->srcs, *ends = m->ends;
    Py_ssize_t first = bisect_right(m, i, 0) - 1;
    if (j <= at[first + 1]) {
        if (ends[first] == COPIED) return runs_copied(b, srcs[first] + i - at[first], j - i);
        return runs_standing_for(b, srcs[first], ends[first], j - i);
    }
    Py_ssize_t last = bisect_right(m, j - 1, first) - 1;
    int rc = ends[first] == COPIED ? runs_copied(b, srcs[first] + i - at[first], at[first + 1] - i)
                                   : runs_standing_for(b, srcs[first], ends[first], at[first + 1] - i);
    if (rc < 0) return -1;
    if (last > first + 1) { /* whole runs, as they are (the seam with the run before stays unmerged) */
        for (Py_ssize_t r = first + 1; r < last; r++) {
            if (runs_push(b, at[r + 1] - at[r], srcs[r], ends[r]) < 0) return -1;
        }
        b->next = -1;
    }
    if (ends[last] == COPIED) return runs_copied(b, srcs[last], j - at[last]);
    return runs_standing_for(b, srcs[last], ends[last], j - at[last]);
}

/* pieces of the new text, joined into chunks PIECES_PER_CHUNK at a time */
typedef struct {
    PyObject *out, *chunks;
} Pieces;

static int flush(Pieces *p) {
    PyObject *empty = PyUnicode_New(0, 0);
    if (!empty) return -1;
    PyObject *joined = PyUnicode_Join(empty, p->out);
    Py_DECREF(empty);
    if (!joined) return -1;
    int rc = PyList_Append(p->chunks, joined);
    Py_DECREF(joined);
    if (rc < 0) return -1;
    return PyList_SetSlice(p->out, 0, PyList_GET_SIZE(p->out), NULL);
}

static int add_piece(Pieces *p, PyObject *piece) {
    return PyList_Append(p->out, piece);
}

/* text[a:z] appended to a list (the pieces, or the chunks for a long stretch and the rest of the text) */
static int append_slice(PyObject *list, PyObject *text, Py_ssize_t a, Py_ssize_t z) {
    PyObject *piece = PyUnicode_Substring(text, a, z);
    if (!piece) return -1;
    int rc = PyList_Append(list, piece);
    Py_DECREF(piece);
    return rc;
}

/* the old run at the current position, held as the Python loop holds it in locals */
typedef struct {
    Py_ssize_t r, stop, shift, fixed, fixed_end;
    int copied;
} Cursor;

static inline void cursor_to(Cursor *c, const Map *m, Py_ssize_t x) {
    c->r = bisect_right(m, x, c->r) - 1;
    c->stop = m->at[c->r + 1];
    c->fixed = m->srcs[c->r];
    c->fixed_end = m->ends[c->r];
    c->shift = c->fixed - m->at[c->r];
    c->copied = c->fixed_end == COPIED;
}

static int get_buffer(PyObject *obj, Py_buffer *view, const char *what) {
    if (PyObject_GetBuffer(obj, view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) return -1;
    if (view->itemsize != (Py_ssize_t)sizeof(int) || !view->format || strcmp(view->format, "i") != 0) {
        PyErr_Format(PyExc_TypeError, "%s: an array('i') is needed", what);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static PyObject *as_bytes(const int *data, Py_ssize_t n) {
    return PyBytes_FromStringAndSize((const char *)data, n * (Py_ssize_t)sizeof(int));
}

/* the replacement's text for a match (a new reference), as the Python loop computes it */
static PyObject *replacement(int mode, PyObject *repl, PyObject *match) {
    PyObject *new;
    switch (mode) {
    case R_LITERAL:
        Py_INCREF(repl);
        return repl;
    case R_GROUP:
        new = PyObject_CallMethod(match, "group", "O", repl);
        if (new == Py_None) { /* m.group(g) or "": a group that took no part */
            Py_DECREF(new);
            return PyUnicode_New(0, 0);
        }
        break;
    case R_CALL:
        new = PyObject_CallOneArg(repl, match);
        break;
    default:
        new = PyObject_CallMethod(match, "expand", "O", repl);
    }
    if (new && !PyUnicode_Check(new)) {
        PyErr_Format(PyExc_TypeError, "a replacement must be a str, not %.50s", Py_TYPE(new)->tp_name);
        Py_CLEAR(new);
    }
    return new;
}

/* the match's span: m.span() */
static int span_of(PyObject *match, Py_ssize_t *a, Py_ssize_t *z) {
    PyObject *span = PyObject_CallMethod(match, "span", NULL);
    if (!span) return -1;
    if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != 2) {
        Py_DECREF(span);
        PyErr_SetString(PyExc_TypeError, "a match's span() must be a pair");
        return -1;
    }
    *a = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
    *z = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
    Py_DECREF(span);
    return (*a == -1 || *z == -1) && PyErr_Occurred() ? -1 : 0;
}

static PyObject *edits(PyObject *self, PyObject *args) {
    PyObject *text, *matches, *repl, *at_obj, *srcs_obj, *ends_obj;
    int mode;
    if (!PyArg_ParseTuple(args, "UOiOOOO:edits", &text, &matches, &mode, &repl, &at_obj, &srcs_obj, &ends_obj))
        return NULL;
    if (mode < R_LITERAL || mode > R_TEMPLATE) {
        PyErr_SetString(PyExc_ValueError, "edits: unknown replacement mode");
        return NULL;
    }
    Py_buffer at_buf, srcs_buf, ends_buf;
    if (get_buffer(at_obj, &at_buf, "at") < 0) return NULL;
    if (get_buffer(srcs_obj, &srcs_buf, "srcs") < 0) { PyBuffer_Release(&at_buf); return NULL; }
    if (get_buffer(ends_obj, &ends_buf, "ends") < 0) {
        PyBuffer_Release(&at_buf);
        PyBuffer_Release(&srcs_buf);
        return NULL;
    }
    Map m = {at_buf.buf, srcs_buf.buf, ends_buf.buf, at_buf.len / (Py_ssize_t)sizeof(int)};
    Runs b = {NULL, NULL, NULL, 0, 0, -1};
    Pieces p = {PyList_New(0), PyList_New(0)};
    PyObject *it = NULL, *match = NULL, *new = NULL, *result = NULL;
    Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    int any = 0;
    Py_ssize_t after = -1, pos = 0;
    Cursor c = {0, 0, 0, 0, 0, 0};
    if (!p.out || !p.chunks) goto done;
    if (m.nat < 1 || m.at[m.nat - 1] != size || srcs_buf.len != ends_buf.len
        || srcs_buf.len / (Py_ssize_t)sizeof(int) != m.nat - 1) {
        PyErr_SetString(PyExc_ValueError, "edits: the map does not cover the text");
        goto done;
    }
    it = PyObject_GetIter(matches);
    if (!it) goto done;
    while ((match = PyIter_Next(it)) != NULL) {
        Py_ssize_t a, z;
        if (span_of(match, &a, &z) < 0) goto done;
        if (a < pos || z < a || z > size) {
            PyErr_SetString(PyExc_ValueError, "edits: matches must be in order, within the text");
            goto done;
        }
        new = replacement(mode, repl, match);
        if (!new) goto done;
        Py_CLEAR(match);
        Py_ssize_t n = PyUnicode_GET_LENGTH(new);
        if (n == z - a && (n == 0 || PyUnicode_Tailmatch(text, new, a, z, -1) == 1)) {
            Py_CLEAR(new);
            continue;
        }
        if (PyErr_Occurred()) goto done;
        any = 1;
        if (a > pos) { /* the kept stretch [pos, a): its text and map */
            if (a - pos < LONG_PIECE) {
                if (append_slice(p.out, text, pos, a) < 0) goto done;
            } else { /* a long stretch goes into the chunks as it is */
                if (flush(&p) < 0 || append_slice(p.chunks, text, pos, a) < 0) goto done;
            }
            if (pos >= c.stop) cursor_to(&c, &m, pos);
            if (a <= c.stop && c.copied) { /* the common case: within one copied run */
                if (pos + c.shift == after) {
                    b.lens[b.n - 1] += (int)(a - pos);
                } else if (runs_push(&b, a - pos, pos + c.shift, COPIED) < 0) {
                    goto done;
                }
                after = a + c.shift;
            } else {
                b.next = after;
                if (runs_extend(&b, &m, pos, a) < 0) goto done;
                after = b.next;
            }
        }
        if (n) { /* every character of the replacement stands for the source range of what it replaced */
            Py_ssize_t src, end;
            if (a < size) {
                if (a >= c.stop) cursor_to(&c, &m, a);
                src = c.copied ? a + c.shift : c.fixed;
                if (z > a) {
                    if (z > c.stop) cursor_to(&c, &m, z - 1);
                    end = c.copied ? z + c.shift : c.fixed_end;
                } else {
                    end = src;
                }
            } else { /* an insertion at the end: a zero-width range where the text ends */
                if (size) {
                    Py_ssize_t r = bisect_right(&m, size - 1, 0) - 1;
                    src = m.ends[r] == COPIED ? m.srcs[r] + (size - 1 - m.at[r]) + 1 : m.ends[r];
                } else {
                    src = 0;
                }
                end = src;
            }
            if (add_piece(&p, new) < 0) goto done;
            if (n == 1 && end == src + 1) {
                if (src == after) {
                    b.lens[b.n - 1] += 1;
                } else if (runs_push(&b, 1, src, COPIED) < 0) {
                    goto done;
                }
                after = end;
            } else {
                if (runs_push(&b, n, src, end) < 0) goto done;
                after = -1;
            }
        }
        Py_CLEAR(new);
        pos = z;
        if (PyList_GET_SIZE(p.out) >= PIECES_PER_CHUNK && flush(&p) < 0) goto done;
    }
    if (PyErr_Occurred()) goto done;
    if (!any) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    if (flush(&p) < 0 || append_slice(p.chunks, text, pos, size) < 0) goto done;
    b.next = after;
    if (runs_extend(&b, &m, pos, size) < 0) goto done;
    {
        PyObject *lens = as_bytes(b.lens, b.n), *srcs = as_bytes(b.srcs, b.n), *ends = as_bytes(b.ends, b.n);
        if (lens && srcs && ends) result = PyTuple_Pack(4, p.chunks, lens, srcs, ends);
        Py_XDECREF(lens);
        Py_XDECREF(srcs);
        Py_XDECREF(ends);
    }
done:
    Py_XDECREF(match);
    Py_XDECREF(new);
    Py_XDECREF(it);
    Py_XDECREF(p.out);
    Py_XDECREF(p.chunks);
    PyMem_Free(b.lens);
    PyMem_Free(b.srcs);
    PyMem_Free(b.ends);
    PyBuffer_Release(&at_buf);
    PyBuffer_Release(&srcs_buf);
    PyBuffer_Release(&ends_buf);
    return result;
}

static PyMethodDef methods[] = {
    {"edits", edits, METH_VARARGS,
     "edits(text, matches, mode, repl, at, srcs, ends) -> None | (chunks, lens, srcs, ends): TextView.rewrite's "
     "loop (mode 0: repl is the literal text; 1: the group number; 2: a function of the match; 3: a template)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_rewrite", NULL, -1, methods};

PyMODINIT_FUNC PyInit__rewrite(void) { return PyModule_Create(&module); }
