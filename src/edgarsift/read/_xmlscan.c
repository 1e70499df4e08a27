/* The plain XML scan of edgarsift.read.xml in C: what _scan_plain does, with the same results.

_scan_plain stays the reference (and the fallback without a compiler); this file follows it step by step, and
tests/read/test_xml_native.py compares the two on every corpus and fixture XML part and on generated hard
cases. The pattern _scan_plain iterates,

    <(/?)([\w.:-]++)([^>]*+)>(?:([^<]*+)</\2\s*+>)?

is matched by hand at each '<' (match below). Its quantifiers never give anything back (possessive, or
followed by a character they cannot take), so each group is one forward run. As in Python's re, \w is
Py_UNICODE_ISALNUM or '_' and \s is Py_UNICODE_ISSPACE; str.strip trims Py_UNICODE_ISSPACE too. Entities are
left to Python's html.unescape, called only when a leaf's text holds a '&'. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#if defined(__GNUC__)
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE static inline
#endif

/* ---- characters ------------------------------------------------------------------------------------------- */

#define CH(i) PyUnicode_READ(kind, data, (i))

ALWAYS_INLINE int
is_name_char(Py_UCS4 c)  /* [\w.:-] */
{
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               c == '.' || c == ':' || c == '-';
    return Py_UNICODE_ISALNUM(c);
}

/* The first ``c`` in [from, to), or -1. */
ALWAYS_INLINE Py_ssize_t
find_char(int kind, const void *data, Py_ssize_t from, Py_ssize_t to, Py_UCS4 c)
{
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *s = (const Py_UCS1 *)data;
        const Py_UCS1 *hit = from < to ? memchr(s + from, (int)c, (size_t)(to - from)) : NULL;
        return hit ? hit - s : -1;
    }
    for (Py_ssize_t i = from; i < to; i++)
        if (CH(i) == c)
            return i;
    return -1;
}

/* ---- the open elements ------------------------------------------------------------------------------------ */

/* One open element, as _scan_plain's stack entries: its local name (a str, and where it stands in the source,
   so a closing tag is compared with it without making a str), its id, and its path prefix ("a/b/") and owner
   ids, both NULL until a leaf inside it needs them. */
typedef struct {
    Py_ssize_t name_at, name_len;
    unsigned bucket;
    PyObject *name, *oid, *prefix, *owners;  /* owned; prefix and owners may be NULL */
} Open;

/* How many open elements have a name in each hash bucket: a closing tag whose bucket is empty closes nothing,
   found without walking the stack (_scan_plain's open_names), so the scan stays linear however deep the cap
   lets a document nest. A shared bucket only costs a walk, never a wrong answer. */
#define BUCKETS 1024

typedef struct {
    Open *items;
    Py_ssize_t len, cap;
    Py_ssize_t open_in[BUCKETS];
} Stack;

ALWAYS_INLINE unsigned
bucket_of(int kind, const void *data, Py_ssize_t at, Py_ssize_t len)
{
    unsigned h = 2166136261u;  /* FNV-1a over the code points */
    for (Py_ssize_t i = at; i < at + len; i++)
        h = (h ^ (unsigned)CH(i)) * 16777619u;
    return h % BUCKETS;
}

static void
clear_open(Open *e)
{
    Py_XDECREF(e->name);
    Py_XDECREF(e->oid);
    Py_XDECREF(e->prefix);
    Py_XDECREF(e->owners);
}

static void
pop_from(Stack *st, Py_ssize_t k)  /* close entries k.. (the sentinel, entry 0, is never closed) */
{
    for (Py_ssize_t i = k; i < st->len; i++) {
        st->open_in[st->items[i].bucket]--;
        clear_open(&st->items[i]);
    }
    st->len = k;
}

static int
push(Stack *st, Open e)  /* takes e's references, also on failure */
{
    if (st->len == st->cap) {
        Py_ssize_t cap = st->cap * 2;
        Open *items = PyMem_Realloc(st->items, (size_t)cap * sizeof(Open));
        if (items == NULL) {
            clear_open(&e);
            PyErr_NoMemory();
            return -1;
        }
        st->items = items;
        st->cap = cap;
    }
    st->items[st->len++] = e;
    st->open_in[e.bucket]++;
    return 0;
}

/* A string of ``head`` followed by each of ``from[0..n)``'s names and a "/". */
static PyObject *
joined_path(PyObject *head, const Open *from, Py_ssize_t n)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(head) + n;
    Py_UCS4 maxchar = PyUnicode_MAX_CHAR_VALUE(head);
    for (Py_ssize_t i = 0; i < n; i++) {
        len += PyUnicode_GET_LENGTH(from[i].name);
        if (PyUnicode_MAX_CHAR_VALUE(from[i].name) > maxchar)
            maxchar = PyUnicode_MAX_CHAR_VALUE(from[i].name);
    }
    PyObject *out = PyUnicode_New(len, maxchar);
    if (out == NULL)
        return NULL;
    Py_ssize_t at = PyUnicode_GET_LENGTH(head);
    if (PyUnicode_CopyCharacters(out, 0, head, 0, at) < 0)
        goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t k = PyUnicode_GET_LENGTH(from[i].name);
        if (PyUnicode_CopyCharacters(out, at, from[i].name, 0, k) < 0)
            goto fail;
        at += k;
        PyUnicode_WRITE(PyUnicode_KIND(out), PyUnicode_DATA(out), at, '/');
        at++;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* _fill: the innermost element's path prefix and owner ids, from its nearest filled ancestor; its parent gets
   theirs cut from them, so the next sibling container's first leaf takes them from a filled parent. */
static int
fill(Stack *st)
{
    Open *top = &st->items[st->len - 1];
    if (top->owners != NULL)
        return 0;
    Py_ssize_t j = st->len - 2;
    while (st->items[j].owners == NULL)  /* the sentinel is always filled */
        j--;
    const Open *below = &st->items[j + 1];
    Py_ssize_t n = st->len - 1 - j;
    PyObject *prefix = joined_path(st->items[j].prefix, below, n);
    if (prefix == NULL)
        return -1;
    Py_ssize_t m = PyTuple_GET_SIZE(st->items[j].owners);
    PyObject *owners = PyTuple_New(m + n);
    if (owners == NULL) {
        Py_DECREF(prefix);
        return -1;
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        PyObject *o = PyTuple_GET_ITEM(st->items[j].owners, i);
        Py_INCREF(o);
        PyTuple_SET_ITEM(owners, i, o);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_INCREF(below[i].oid);
        PyTuple_SET_ITEM(owners, m + i, below[i].oid);
    }
    top->prefix = prefix;
    top->owners = owners;
    Open *parent = top - 1;
    if (parent->owners == NULL) {
        Py_ssize_t cut = PyUnicode_GET_LENGTH(prefix) - PyUnicode_GET_LENGTH(top->name) - 1;
        parent->prefix = PyUnicode_Substring(prefix, 0, cut);
        if (parent->prefix == NULL)
            return -1;
        parent->owners = PyTuple_GetSlice(owners, 0, m + n - 1);
        if (parent->owners == NULL) {
            Py_CLEAR(parent->prefix);
            return -1;
        }
    }
    return 0;
}

/* ---- leaves ----------------------------------------------------------------------------------------------- */

/* tuple.__new__(Leaf, items) without the intermediate tuple: what tuple's own subtype constructor does. Python
   3.14 caches a tuple's hash in the object, which that constructor resets; there, it is called as it is. */
static PyObject *
new_leaf(PyTypeObject *leaf_type, PyObject *path, PyObject *text, Py_ssize_t a, Py_ssize_t b, PyObject *owners)
{
    PyObject *start = PyLong_FromSsize_t(a), *end = PyLong_FromSsize_t(b);
    PyObject *leaf = NULL;
    if (start == NULL || end == NULL)
        goto done;
#if PY_VERSION_HEX < 0x030E0000
    leaf = leaf_type->tp_alloc(leaf_type, 5);
    if (leaf == NULL)
        goto done;
    PyObject *items[5] = {path, text, start, end, owners};
    for (int i = 0; i < 5; i++) {
        Py_INCREF(items[i]);
        PyTuple_SET_ITEM(leaf, i, items[i]);
    }
#else
    PyObject *args = PyTuple_Pack(5, path, text, start, end, owners);
    if (args != NULL) {
        PyObject *call = PyTuple_Pack(1, args);
        if (call != NULL)
            leaf = PyTuple_Type.tp_new(leaf_type, call, NULL);
        Py_XDECREF(call);
        Py_DECREF(args);
    }
#endif
done:
    Py_XDECREF(start);
    Py_XDECREF(end);
    return leaf;
}

/* owners + (oid,) */
static PyObject *
owners_with(PyObject *owners, PyObject *oid)
{
    Py_ssize_t m = PyTuple_GET_SIZE(owners);
    PyObject *out = PyTuple_New(m + 1);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < m; i++) {
        PyObject *o = PyTuple_GET_ITEM(owners, i);
        Py_INCREF(o);
        PyTuple_SET_ITEM(out, i, o);
    }
    Py_INCREF(oid);
    PyTuple_SET_ITEM(out, m, oid);
    return out;
}

/* ---- the scan --------------------------------------------------------------------------------------------- */

typedef struct {
    PyObject *raw, *source, *unescape, *too_deep;
    PyTypeObject *leaf_type;
    Py_ssize_t max_depth;
    PyObject *leaves, *names, *by_name;  /* the results, filled by scan */
} Scan;

/* One leaf: ``local`` (a new reference, taken) with the text in [a, b), inside the innermost open element. */
static int
add_leaf(Scan *s, Stack *st, int kind, const void *data, PyObject *local, PyObject *oid, Py_ssize_t a,
         Py_ssize_t b)
{
    PyObject *text = NULL, *path = NULL, *owners = NULL, *leaf = NULL;
    int ok = -1;
    if (fill(st) < 0)
        goto done;
    Open *top = &st->items[st->len - 1];
    Py_ssize_t body_at = a;  /* str.strip, and where what it leaves starts */
    while (a < b && Py_UNICODE_ISSPACE(CH(a)))
        a++;
    while (b > a && Py_UNICODE_ISSPACE(CH(b - 1)))
        b--;
    if (a == b)
        a = b = body_at;
    text = PyUnicode_Substring(s->raw, a, b);
    if (text == NULL)
        goto done;
    if (find_char(kind, data, a, b, '&') >= 0) {
        PyObject *decoded = PyObject_CallOneArg(s->unescape, text);
        if (decoded == NULL)
            goto done;
        Py_SETREF(text, decoded);
    }
    path = PyUnicode_Concat(top->prefix, local);
    owners = owners_with(top->owners, oid);
    if (path == NULL || owners == NULL)
        goto done;
    leaf = new_leaf(s->leaf_type, path, text, a, b, owners);
    if (leaf == NULL || PyList_Append(s->leaves, leaf) < 0)
        goto done;
    PyObject *same = PyDict_GetItemWithError(s->by_name, local);  /* borrowed */
    if (same != NULL) {
        if (PyList_Append(same, leaf) < 0)
            goto done;
    } else {
        if (PyErr_Occurred())
            goto done;
        PyObject *one = PyList_New(1);
        if (one == NULL)
            goto done;
        Py_INCREF(leaf);
        PyList_SET_ITEM(one, 0, leaf);
        int failed = PyDict_SetItem(s->by_name, local, one) < 0;
        Py_DECREF(one);
        if (failed)
            goto done;
    }
    ok = 0;
done:
    Py_DECREF(local);
    Py_XDECREF(text);
    Py_XDECREF(path);
    Py_XDECREF(owners);
    Py_XDECREF(leaf);
    return ok;
}

ALWAYS_INLINE int
same_name(int kind, const void *data, const Open *e, Py_ssize_t at, Py_ssize_t len)
{
    return e->name_len == len &&
           memcmp((const char *)data + e->name_at * kind, (const char *)data + at * kind, (size_t)(len * kind)) == 0;
}

ALWAYS_INLINE int
scan_kind(Scan *s, Stack *st, int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t i = start;
    while ((i = find_char(kind, data, i, end, '<')) >= 0) {
        /* <(/?)([\w.:-]++)([^>]*+)> */
        Py_ssize_t tag_at = i, p = i + 1;
        int closing = p < end && CH(p) == '/';
        p += closing;
        Py_ssize_t name_at = p;
        while (p < end && is_name_char(CH(p)))
            p++;
        if (p == name_at) {  /* no name (a lone '/' is given back, and '/' is no name): no tag here */
            i++;
            continue;
        }
        Py_ssize_t name_end = p;
        Py_ssize_t gt = find_char(kind, data, name_end, end, '>');
        if (gt < 0)  /* and every later '<' is past name_end: no tag can close before the end */
            break;
        /* (?:([^<]*+)</\2\s*+>)? : the text up to the next '<', if the same qualified name closes there */
        Py_ssize_t body_at = gt + 1, body_end = -1;
        i = gt + 1;
        Py_ssize_t lt = find_char(kind, data, body_at, end, '<');
        Py_ssize_t qname_len = name_end - name_at;
        if (lt >= 0 && lt + 2 + qname_len <= end && CH(lt + 1) == '/' &&
            memcmp((const char *)data + (lt + 2) * kind, (const char *)data + name_at * kind,
                   (size_t)(qname_len * kind)) == 0) {
            Py_ssize_t q = lt + 2 + qname_len;
            while (q < end && Py_UNICODE_ISSPACE(CH(q)))
                q++;
            if (q < end && CH(q) == '>') {
                body_end = lt;
                i = q + 1;
            }
        }
        /* the local name: after the last ':' */
        Py_ssize_t local_at = name_end;
        while (local_at > name_at && CH(local_at - 1) != ':')
            local_at--;
        Py_ssize_t local_len = name_end - local_at;
        if (closing) {
            Py_ssize_t k = st->len - 1;
            if (!same_name(kind, data, &st->items[k], local_at, local_len)) {
                if (st->open_in[bucket_of(kind, data, local_at, local_len)] == 0)
                    continue;  /* not open at all */
                while (k > 0 && !same_name(kind, data, &st->items[k], local_at, local_len))
                    k--;
                if (k == 0)
                    continue;
            }
            pop_from(st, k);
            continue;
        }
        if (gt > name_end) {  /* attributes, or what follows a name that does not end cleanly */
            if (CH(gt - 1) == '/')  /* <x/>: holds nothing */
                continue;
            if (!Py_UNICODE_ISSPACE(CH(name_end)))  /* "<x"junk>": never a leaf */
                body_end = -1;
        }
        PyObject *oid = PyLong_FromSsize_t(PyList_GET_SIZE(s->names));
        if (oid == NULL)
            return -1;
        PyObject *local = PyUnicode_Substring(s->raw, local_at, name_end);
        if (local == NULL || PyList_Append(s->names, local) < 0) {
            Py_XDECREF(local);
            Py_DECREF(oid);
            return -1;
        }
        if (body_end >= 0) {
            int failed = add_leaf(s, st, kind, data, local, oid, body_at, body_end);
            Py_DECREF(oid);
            if (failed)
                return -1;
            continue;
        }
        if (st->len > s->max_depth) {
            Py_DECREF(local);
            Py_DECREF(oid);
            PyObject *error = PyObject_CallFunction(s->too_deep, "On", s->source, tag_at);
            if (error != NULL) {
                PyErr_SetObject((PyObject *)Py_TYPE(error), error);
                Py_DECREF(error);
            }
            return -1;
        }
        Open e = {local_at, local_len, bucket_of(kind, data, local_at, local_len), local, oid, NULL, NULL};
        if (push(st, e) < 0)
            return -1;
    }
    return 0;
}

/* One copy of the loop per character width, each with its reads fixed at compile time. */
static int scan_ucs1(Scan *s, Stack *st, const void *d, Py_ssize_t a, Py_ssize_t b)
{ return scan_kind(s, st, PyUnicode_1BYTE_KIND, d, a, b); }
static int scan_ucs2(Scan *s, Stack *st, const void *d, Py_ssize_t a, Py_ssize_t b)
{ return scan_kind(s, st, PyUnicode_2BYTE_KIND, d, a, b); }
static int scan_ucs4(Scan *s, Stack *st, const void *d, Py_ssize_t a, Py_ssize_t b)
{ return scan_kind(s, st, PyUnicode_4BYTE_KIND, d, a, b); }

PyDoc_STRVAR(scan_plain_doc,
"scan_plain(raw, start, end, source, max_depth, leaf_type, unescape, too_deep) -> (leaves, names, by_name)\n\n"
"edgarsift.read.xml._scan_plain over raw[start:end]: the leaves (leaf_type tuples), the element names by id\n"
"and the leaves by their element's local name. Nesting deeper than max_depth raises too_deep(source, offset).");

static PyObject *
scan_plain(PyObject *module, PyObject *args)
{
    Scan s = {0};
    Py_ssize_t start, end;
    if (!PyArg_ParseTuple(args, "UnnOnO!OO:scan_plain", &s.raw, &start, &end, &s.source, &s.max_depth,
                          &PyType_Type, &s.leaf_type, &s.unescape, &s.too_deep))
        return NULL;
    if (PyUnicode_READY(s.raw) < 0)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(s.raw);  /* clamped as re's finditer(raw, start, end) clamps */
    start = start < 0 ? 0 : start > n ? n : start;
    end = end < 0 ? 0 : end > n ? n : end;

    Stack *st = PyMem_Calloc(1, sizeof(Stack));
    if (st == NULL)
        return PyErr_NoMemory();
    st->cap = 16;
    st->items = PyMem_Calloc((size_t)st->cap, sizeof(Open));
    PyObject *result = NULL;
    if (st->items == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* the sentinel root: no name matches it (name_len -1), always filled */
    Open root = {0, -1, BUCKETS, NULL, NULL, PyUnicode_New(0, 0), PyTuple_New(0)};
    st->items[0] = root;
    st->len = 1;
    s.leaves = PyList_New(0);
    s.names = PyList_New(0);
    s.by_name = PyDict_New();
    if (root.prefix == NULL || root.owners == NULL || s.leaves == NULL || s.names == NULL || s.by_name == NULL)
        goto done;
    int kind = PyUnicode_KIND(s.raw);
    const void *data = PyUnicode_DATA(s.raw);
    int failed = kind == PyUnicode_1BYTE_KIND   ? scan_ucs1(&s, st, data, start, end)
                 : kind == PyUnicode_2BYTE_KIND ? scan_ucs2(&s, st, data, start, end)
                                                : scan_ucs4(&s, st, data, start, end);
    if (!failed)
        result = PyTuple_Pack(3, s.leaves, s.names, s.by_name);
done:
    if (st->items != NULL) {
        for (Py_ssize_t i = 0; i < st->len; i++)
            clear_open(&st->items[i]);  /* the sentinel's bucket is out of range: not counted, not uncounted */
        PyMem_Free(st->items);
    }
    PyMem_Free(st);
    Py_XDECREF(s.leaves);
    Py_XDECREF(s.names);
    Py_XDECREF(s.by_name);
    return result;
}

PyDoc_STRVAR(has_declaration_doc,
"has_declaration(raw, start, end) -> bool\n\n"
"raw.find(\"<!\", start, end) >= 0 (a comment, CDATA or a DOCTYPE: xml_index's test for the tolerant scan), with\n"
"memchr: str.find's search for a two-character needle is several times slower on long parts without markup.");

static PyObject *
has_declaration(PyObject *module, PyObject *args)
{
    PyObject *raw;
    Py_ssize_t start, end;
    if (!PyArg_ParseTuple(args, "Unn:has_declaration", &raw, &start, &end))
        return NULL;
    if (PyUnicode_READY(raw) < 0)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(raw);  /* str.find's reading of start and end: as slice bounds */
    if (end > n)
        end = n;
    else if (end < 0)
        end = end + n < 0 ? 0 : end + n;
    if (start < 0)
        start = start + n < 0 ? 0 : start + n;
    int kind = PyUnicode_KIND(raw);
    const void *data = PyUnicode_DATA(raw);
    for (Py_ssize_t i = start; i + 1 < end; i++) {
        i = kind == PyUnicode_1BYTE_KIND   ? find_char(PyUnicode_1BYTE_KIND, data, i, end - 1, '<')
            : kind == PyUnicode_2BYTE_KIND ? find_char(PyUnicode_2BYTE_KIND, data, i, end - 1, '<')
                                           : find_char(PyUnicode_4BYTE_KIND, data, i, end - 1, '<');
        if (i < 0)
            break;
        if (PyUnicode_READ(kind, data, i + 1) == '!')
            Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

static PyMethodDef methods[] = {
    {"scan_plain", scan_plain, METH_VARARGS, scan_plain_doc},
    {"has_declaration", has_declaration, METH_VARARGS, has_declaration_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_xmlscan", "The plain XML scan of edgarsift.read.xml, compiled.", -1, methods,
};

PyMODINIT_FUNC
PyInit__xmlscan(void)
{
    return PyModule_Create(&module);
}
