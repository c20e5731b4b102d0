/*
 * test_artifact.c - the pickle VM, the pickle policy and the zip reader on
 * hand-built byte strings: what is imported, what is called, what breaks,
 * and that limits and anomalies are reported rather than swallowed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pickle_policy.h"
#include "pickle_vm.h"
#include "run.h"
#include "zip.h"

struct rec {
	char imports[2048];
	char issues[2048];
	unsigned nimports, nissues;
	unsigned flags_of_last;
};

static const char *want_name; /* flags of this import go to want_flags */
static unsigned want_flags;

static void on_import(void *o, const struct wl_pickle_import_info *i)
{
	struct rec *r = o;
	size_t n = strlen(r->imports);
	if (want_name && !strcmp(i->name, want_name))
		want_flags = i->flags;
	snprintf(r->imports + n, sizeof(r->imports) - n, "%s%s.%s%s", n ? " " : "", i->module, i->name,
		 i->call_opcode ? "()" : "");
	r->nimports++;
	r->flags_of_last = i->flags;
}

static void on_issue(void *o, const struct wl_pickle_issue *is)
{
	struct rec *r = o;
	size_t n = strlen(r->issues);
	snprintf(r->issues + n, sizeof(r->issues) - n, "%s%s@%llu", n ? " " : "", wl_pickle_issue_name(is->kind),
		 (unsigned long long)is->offset);
	r->nissues++;
}

static struct wl_pickle_summary run(struct rec *r, const char *bytes, size_t n, enum wl_pickle_mode mode)
{
	struct wl_pickle_callbacks cb = { r, on_import, on_issue };
	struct wl_pickle_summary s;
	memset(r, 0, sizeof(*r));
	wl_pickle_scan((const unsigned char *)bytes, n, 0, mode, NULL, &cb, &s);
	return s;
}

#define RUN(r, lit) run((r), (lit), sizeof(lit) - 1, WL_PICKLE_MODE_PLAIN)

static void vm_global_and_reduce(void **state)
{
	struct rec r;
	struct wl_pickle_summary s;
	(void)state;
	s = RUN(&r, "cos\nsystem\n(S'id'\ntR.");
	assert_string_equal(r.imports, "os.system()");
	assert_string_equal(r.issues, "");
	assert_int_equal(s.pickles, 1);
	assert_false(s.broken);
}

static void vm_stack_global_through_memo(void **state)
{
	struct rec r;
	(void)state;
	/* protocol 4: MEMOIZE then BINGET the operands back */
	RUN(&r, "\x80\x04\x8c\x02os\x94\x8c\x06system\x94\x30\x30h\x00h\x01\x93\x8c\x02id\x85R.");
	assert_string_equal(r.imports, "os.system()");
	/* protocol 0 PUT/GET with escaped STRING operands */
	RUN(&r, "S'o\\x73'\np1\n0S'system'\np2\n0g1\ng2\n\x93(S'id'\ntR.");
	assert_string_equal(r.imports, "os.system()");
}

static void vm_nonconst_operand(void **state)
{
	struct rec r;
	(void)state;
	RUN(&r, "\x80\x04" "cbuiltins\nstr\n\x8c\x02os\x85R\x8c\x06system\x93N\x85R.");
	assert_string_equal(r.imports, "builtins.str()");
	assert_non_null(strstr(r.issues, "nonconst@"));
}

static void vm_py2_remap_only_below_protocol_3(void **state)
{
	struct rec r;
	(void)state;
	RUN(&r, "\x80\x02" "ccommands\ngetoutput\nN\x85R.");
	assert_string_equal(r.imports, "subprocess.getoutput()");
	assert_true(r.flags_of_last & WL_PICKLE_REMAPPED);
	RUN(&r, "\x80\x03" "ccommands\ngetoutput\nN\x85R.");
	assert_string_equal(r.imports, "commands.getoutput()");
	RUN(&r, "c__builtin__\nxrange\nN\x85R."); /* NAME_MAPPING beats IMPORT_MAPPING */
	assert_string_equal(r.imports, "builtins.range()");
}

static void vm_inst_obj_ext(void **state)
{
	struct rec r;
	(void)state;
	RUN(&r, "(S'id'\nios\nsystem\n.");
	assert_string_equal(r.imports, "os.system()");
	RUN(&r, "\x80\x02(csubprocess\nPopen\n\x8c\x02ido.");
	assert_string_equal(r.imports, "subprocess.Popen()");
	RUN(&r, "\x80\x02\x82\x2a\x8c\x02id\x85R.");
	assert_non_null(strstr(r.issues, "ext@2"));
}

static void vm_broken_keeps_payload(void **state)
{
	struct rec r;
	struct wl_pickle_summary s;
	(void)state;
	s = RUN(&r, "\x80\x02" "cos\nsystem\n\x8c\x02id\x85R\xff garbage");
	assert_string_equal(r.imports, "os.system()");
	assert_true(s.broken);
	assert_non_null(strstr(r.issues, "broken@19"));
	/* memo key never stored: CPython raises there, after the payload ran */
	s = RUN(&r, "\x80\x04" "cos\nsystem\n\x8c\x02id\x85R0h\x03.");
	assert_string_equal(r.imports, "os.system()");
	assert_true(s.broken);
}

static void vm_concatenated_and_trailing(void **state)
{
	struct rec r;
	struct wl_pickle_summary s;
	(void)state;
	s = RUN(&r, "\x80\x02}q\x00.JUNK\x80\x04\x8c\x02os\x8c\x06system\x93N\x85R.");
	assert_int_equal(s.pickles, 2);
	assert_string_equal(r.imports, "os.system()");
	assert_non_null(strstr(r.issues, "junk@6"));
	s = RUN(&r, "\x80\x02}q\x00.tail");
	assert_non_null(strstr(r.issues, "trailing@6"));
	/* torch legacy: bytes after the fifth pickle are storage, not an issue */
	s = run(&r, "\x80\x02N.\x80\x02N.\x80\x02N.\x80\x02N.\x80\x02]." "\x01\x02\x03\x04", 24,
		WL_PICKLE_MODE_TORCH_LEGACY);
	assert_int_equal(s.pickles, 5);
	assert_string_equal(r.issues, "");
}

static void vm_frame_enforced(void **state)
{
	struct rec r;
	(void)state;
	/* FRAME of 2 bytes, then a 4-byte opcode straddling its end */
	RUN(&r, "\x80\x04\x95\x02\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x8c\x06system\x93N\x85R.");
	assert_non_null(strstr(r.issues, "frame@11"));
	assert_string_equal(r.imports, "os.system()");
	/* a correct frame: silent */
	RUN(&r, "\x80\x04\x95\x03\x00\x00\x00\x00\x00\x00\x00}\x94.");
	assert_string_equal(r.issues, "");
}

static void vm_mutation_of_import(void **state)
{
	struct rec r;
	(void)state;
	RUN(&r, "\x80\x04\x8c\x05torch\x8c\x06_utils\x93}\x8c\x01x\x8c\x01ysb.");
	assert_non_null(strstr(r.issues, "mutation@"));
	assert_true(r.flags_of_last & WL_PICKLE_MUTATED);
}

static void vm_big_payload_skipped(void **state)
{
	/* a BINBYTES8 length far past the data breaks cleanly, no allocation */
	struct rec r;
	struct wl_pickle_summary s;
	(void)state;
	s = RUN(&r, "\x80\x04\x8e\xff\xff\xff\xff\xff\xff\xff\x7f.");
	assert_true(s.broken);
	assert_int_equal(r.nimports, 0);
}

static void vm_opcode_limit_reported(void **state)
{
	struct rec r;
	struct wl_pickle_callbacks cb = { &r, on_import, on_issue };
	struct wl_pickle_limits lim;
	struct wl_pickle_summary s;
	char buf[1000];
	(void)state;
	memset(buf, 'N', sizeof(buf));
	buf[sizeof(buf) - 1] = '.';
	memset(&r, 0, sizeof(r));
	wl_pickle_limits_default(&lim);
	lim.max_ops = 100;
	wl_pickle_scan((const unsigned char *)buf, sizeof(buf), 0, WL_PICKLE_MODE_PLAIN, &lim, &cb, &s);
	assert_true(s.limited);
	assert_non_null(strstr(r.issues, "limit@"));
}

static void vm_probe_tells_text_from_pickle(void **state)
{
	(void)state;
	assert_true(wl_pickle_looks_like((const unsigned char *)"(lp0\nVa\np1\na.", 13, 1));
	assert_false(wl_pickle_looks_like((const unsigned char *)"cat\ndog\nbird\n", 13, 1));
	assert_false(wl_pickle_looks_like((const unsigned char *)"(a, b) = 1, 2\n", 14, 1));
	assert_true(wl_pickle_looks_like((const unsigned char *)"\x80\x02N.", 4, 1));
}

/* Sniffing needs evidence: the content must parse as a pickle. */
static void vm_sniff_needs_evidence(void **state)
{
	(void)state;
#define LOOKS(lit) wl_pickle_looks_like((const unsigned char *)(lit), sizeof(lit) - 1, 0)
	/* a Free Pascal unit: PERSID, a GLOBAL-shaped run, then a break */
	assert_false(LOOKS("PPU207\x02\xc1\n" "csystem\nunit\n\xff\xfe"));
	/* PROTO 0/1 is never written by picklers: a PFB font segment */
	assert_false(LOOKS("\x80\x01\x40\x00\x00\x00%!PS-AdobeFont"));
	/* an EXT code first is no evidence */
	assert_false(LOOKS("\x82 \xa3\xe0\xae"));
	/* PROTO 2 that does not parse on */
	assert_false(LOOKS("\x80\x02\xff\xfe\xfd"));
	assert_false(wl_sniff((const unsigned char *)"\x80\x02\xff\xfe\xfd", 5) == WL_MAGIC_PICKLE);
	/* ... and what does */
	assert_true(LOOKS("\x80\x02N."));
	assert_true(LOOKS("\x80\x02" "cos\nsystem\nX\x10\x00\x00\x00" "ec")); /* truncated */
	assert_true(LOOKS("\x80\x04\x8e\x00\x00\x80\x00\x00\x00\x00\x00" "abc")); /* the head of a big one */
	assert_true(LOOKS("cos\nsystem\n(S'id'\ntR\xff\xfe"));     /* called, then broken */
	assert_true(LOOKS("PPU207\ncos\nsystem\n(S'id'\ntR."));    /* a 'P' first hides nothing */
	/* an overwrite of an imported module is damage done, then a break */
	assert_true(LOOKS("ctorch._utils\n_rebuild_tensor\n(dS'x'\nNsb\xff\xfe"));
	assert_true(wl_sniff((const unsigned char *)"\x80\x02N.", 4) == WL_MAGIC_PICKLE);
#undef LOOKS
}

static enum wl_pickle_verdict judge(const char *m, const char *n)
{
	char why[256];
	return wl_pickle_judge(NULL, m, n, m, n, WL_PKI_INVOKED, why, sizeof(why));
}

static void policy_allow_deny_unknown(void **state)
{
	(void)state;
	assert_true(wl_pickle_policy_size(0) > 50);
	assert_true(wl_pickle_policy_size(1) > 100);
	assert_int_equal(judge("torch._utils", "_rebuild_tensor_v2"), WL_PICKLE_CLEAN);
	assert_int_equal(judge("collections", "OrderedDict"), WL_PICKLE_CLEAN);
	assert_int_equal(judge("builtins", "len"), WL_PICKLE_CLEAN); /* fickling's safe-builtins test */
	assert_int_equal(judge("torch", "FloatStorage"), WL_PICKLE_CLEAN);
	assert_int_equal(judge("numpy.core.multiarray", "_reconstruct"), WL_PICKLE_CLEAN);
	assert_int_equal(judge("os", "system"), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge("asyncio.unix_events", "_UnixSubprocessTransport._start"), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge("pathlib", "os.system"), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge("torch", "os.system"), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge("collections", "OrderedDict.__init__.__globals__"), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge("__builtin__", "eval"), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge("mypackage", "Model"), WL_PICKLE_UNKNOWN);
	/* torch.jit is denied module-wide except the TorchScript helpers the
	 * allowlist names ("except-allowed") */
	assert_int_equal(judge("torch.jit._pickle", "build_intlist"), WL_PICKLE_CLEAN);
	assert_int_equal(judge("torch.jit._pickle", "something_else"), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge("torch.jit._state", "disable"), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge("torch.jit", "_overload"), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge("torch.jit", "_pickle.build_intlist"), WL_PICKLE_DANGEROUS);
	/* a dotted name is never allowed by its first component alone */
	assert_int_equal(judge("collections", "OrderedDict.fromkeys"), WL_PICKLE_UNKNOWN);
	/* nor by a glob that would have to stretch over the dots */
	assert_int_equal(judge("torch", "FloatTensor"), WL_PICKLE_CLEAN);
	assert_int_equal(judge("torch", "nn.FloatTensor"), WL_PICKLE_UNKNOWN);
}

/* What runs decides: NEWOBJ/BUILD rebuilds, REDUCE/INST/OBJ invokes, an
 * argument/item/state hands the reference on. */
static void vm_use_flags(void **state)
{
	struct rec r;
	(void)state;
	/* NEWOBJ + BUILD: rebuilt only */
	RUN(&r, "\x80\x02" "crequests.models\nResponse\n)\x81}b.");
	assert_true(r.flags_of_last & WL_PICKLE_CALLED);
	assert_false(r.flags_of_last & (WL_PICKLE_INVOKED | WL_PICKLE_ESCAPED));
	assert_true(r.flags_of_last & WL_PICKLE_BUILD_STATE);
	/* protocol 0/1: copyreg._reconstructor(cls, object, None) is NEWOBJ too */
	want_name = "Cookie";
	RUN(&r, "ccopy_reg\n_reconstructor\n(chttp.cookiejar\nCookie\nc__builtin__\nobject\nNtR(dS'a'\nI1\nsb.");
	assert_non_null(strstr(r.imports, "http.cookiejar.Cookie()"));
	assert_false(want_flags & (WL_PICKLE_INVOKED | WL_PICKLE_ESCAPED));
	assert_true(want_flags & WL_PICKLE_BUILD_STATE);
	/* ... but the same tuple given to anything else hands the class on */
	RUN(&r, "cmylib\nf\n(chttp.cookiejar\nCookie\nc__builtin__\nobject\nNtR.");
	assert_string_equal(r.imports, "mylib.f() http.cookiejar.Cookie builtins.object");
	assert_true(want_flags & WL_PICKLE_ESCAPED);
	want_name = NULL;
	/* REDUCE runs it */
	RUN(&r, "\x80\x02" "crequests.models\nResponse\n)R.");
	assert_true(r.flags_of_last & WL_PICKLE_INVOKED);
	/* a reference stored in a dict (FunctionTransformer(func=os.system)) */
	RUN(&r, "\x80\x02}U\x04" "func" "cos\nsystem\ns.");
	assert_true(r.flags_of_last & WL_PICKLE_ESCAPED);
	assert_false(r.flags_of_last & WL_PICKLE_CALLED);
	/* the loaded result itself */
	RUN(&r, "\x80\x02" "chttp.client\nHTTPConnection\n.");
	assert_true(r.flags_of_last & WL_PICKLE_ESCAPED);
}

static enum wl_pickle_verdict judge_use(const char *m, const char *n, unsigned use)
{
	char why[400];
	return wl_pickle_judge(NULL, m, n, m, n, use, why, sizeof(why));
}

static void policy_by_use(void **state)
{
	(void)state;
	/* a data class of a rebuild-ok module, only rebuilt: judged as a class */
	assert_int_equal(judge_use("requests.models", "Response", WL_PKI_CALLED | WL_PKI_BUILD_STATE), WL_PICKLE_CLEAN);
	assert_int_equal(judge_use("http.cookiejar", "Cookie", WL_PKI_CALLED), WL_PICKLE_CLEAN);
	assert_int_equal(judge_use("http.client", "HTTPConnection", WL_PKI_CALLED), WL_PICKLE_UNKNOWN);
	/* called (__init__ runs) or handed on: the deny list holds */
	assert_int_equal(judge_use("requests.models", "Response", WL_PKI_CALLED | WL_PKI_INVOKED), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("http.client", "HTTPConnection", WL_PKI_ESCAPED), WL_PICKLE_DANGEROUS);
	/* functions of such a module, and any module without rebuild-ok */
	assert_int_equal(judge_use("requests", "get", 0), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("urllib.request", "urlopen", 0), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("subprocess", "Popen", WL_PKI_CALLED), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("os", "system", 0), WL_PICKLE_DANGEROUS);
	/* scikit-learn / pandas / scipy: classes and reconstructors allowed,
	 * their loaders and evaluators denied */
	assert_int_equal(judge_use("sklearn.pipeline", "Pipeline", WL_PKI_CALLED), WL_PICKLE_CLEAN);
	assert_int_equal(judge_use("pandas.core.frame", "DataFrame", WL_PKI_CALLED), WL_PICKLE_CLEAN);
	assert_int_equal(judge_use("pandas._libs.internals", "_unpickle_block", WL_PKI_INVOKED), WL_PICKLE_CLEAN);
	assert_int_equal(judge_use("scipy.sparse._csr", "csr_matrix", WL_PKI_CALLED), WL_PICKLE_CLEAN);
	assert_int_equal(judge_use("numpy.matrixlib.defmatrix", "matrix", WL_PKI_INVOKED), WL_PICKLE_CLEAN);
	assert_int_equal(judge_use("pandas", "read_pickle", WL_PKI_INVOKED), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("pandas.io.pickle", "read_pickle", WL_PKI_INVOKED), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("pandas", "eval", WL_PKI_INVOKED), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("pandas", "ExcelWriter", WL_PKI_INVOKED), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("pandas._libs.parsers", "TextReader", WL_PKI_INVOKED), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("numpy", "load", WL_PKI_INVOKED), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("joblib", "load", WL_PKI_INVOKED), WL_PICKLE_DANGEROUS);
	assert_int_equal(judge_use("sklearn.datasets", "fetch_openml", WL_PKI_INVOKED), WL_PICKLE_DANGEROUS);
	/* a function of sklearn that is not a reconstructor stays unknown */
	assert_int_equal(judge_use("sklearn.utils", "check_array", WL_PKI_INVOKED), WL_PICKLE_UNKNOWN);
}

/* ------------------------------------------------------------- zip */

static size_t put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	return 2;
}

static size_t put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
	return 4;
}

/* one stored member, optional prefix junk, bad CRC and a local-name twist */
static size_t build_zip(unsigned char *z, size_t prefix, const char *cname, const char *lname,
			const char *data, uint32_t crc, unsigned flags)
{
	size_t o = 0, dl = strlen(data), cl = strlen(cname), ll = strlen(lname), local, cd;
	memset(z, 'J', prefix);
	o = prefix;
	local = o - prefix;
	o += put32(z + o, 0x04034b50);
	o += put16(z + o, 20);
	o += put16(z + o, flags);
	o += put16(z + o, 0);
	o += put32(z + o, 0);
	o += put32(z + o, crc);
	o += put32(z + o, (uint32_t)dl);
	o += put32(z + o, (uint32_t)dl);
	o += put16(z + o, (unsigned)ll);
	o += put16(z + o, 0);
	memcpy(z + o, lname, ll);
	o += ll;
	memcpy(z + o, data, dl);
	o += dl;
	cd = o;
	o += put32(z + o, 0x02014b50);
	o += put16(z + o, 20);
	o += put16(z + o, 20);
	o += put16(z + o, flags);
	o += put16(z + o, 0);
	o += put32(z + o, 0);
	o += put32(z + o, crc);
	o += put32(z + o, (uint32_t)dl);
	o += put32(z + o, (uint32_t)dl);
	o += put16(z + o, (unsigned)cl);
	memset(z + o, 0, 12);
	o += 12;
	o += put32(z + o, (uint32_t)local);
	memcpy(z + o, cname, cl);
	o += cl;
	o += put32(z + o, 0x06054b50);
	memset(z + o, 0, 4);
	o += 4;
	o += put16(z + o, 1);
	o += put16(z + o, 1);
	o += put32(z + o, (uint32_t)(o - 12 - cd));
	o += put32(z + o, (uint32_t)(cd - prefix));
	o += put16(z + o, 0);
	return o;
}

static void zip_lenient_and_reports(void **state)
{
	unsigned char buf[512];
	struct wl_zip z;
	struct wl_zip_data d;
	size_t n;
	(void)state;
	n = build_zip(buf, 16, "archive/data.pkl", "archive/other", "\x80\x02N.", 0xdeadbeef, 1);
	assert_int_equal(wl_zip_open(&z, buf, n, 10), 0);
	assert_int_equal(z.count, 1);
	assert_true(z.anomalies & WL_ZIP_A_PREFIX);
	assert_int_equal(z.prefix, 16);
	assert_string_equal(z.entries[0].name, "archive/data.pkl");
	assert_string_equal(z.entries[0].local_name, "archive/other");
	assert_true(z.entries[0].anomalies & WL_ZIP_NAME_MISMATCH);
	assert_true(z.entries[0].anomalies & WL_ZIP_ENCRYPTED);
	/* read through the local header anyway, like PyTorch */
	assert_int_equal(wl_zip_read(&z, &z.entries[0], 1 << 20, 0, &d), 0);
	assert_int_equal(d.len, 4);
	assert_memory_equal(d.ptr, "\x80\x02N.", 4);
	assert_true(d.crc_checked);
	assert_false(d.crc_ok);
	wl_zip_data_release(&d);
	wl_zip_close(&z);
	assert_int_equal(wl_zip_open(&z, (const unsigned char *)"PK\x05\x06", 4, 10), WL_EFORMAT);
}

/* ------------------------------------------------- through the engine */

static const char *prop(const struct wl_finding *f, const char *key)
{
	size_t i;
	for (i = 0; i < f->nprops; i++)
		if (!strcmp(f->props[i].key, key))
			return f->props[i].value;
	return NULL;
}

static void scan_mem(struct wl_report *r, const char *path, const char *bytes, size_t n)
{
	struct wl_scan_options opt;
	memset(&opt, 0, sizeof(opt));
	memset(r, 0, sizeof(*r));
	opt.jobs = 1;
	opt.max_text_size = 1 << 20;
	wl_scan_memory(&opt, path, (const unsigned char *)bytes, n, r);
}

static void engine_binary_locations(void **state)
{
	struct wl_report r;
	static const char pk[] = "\x80\x04\x8c\x02os\x8c\x06system\x93\x8c\x02id\x85R.";
	(void)state;
	/* a raw pickle under a PyTorch name: flagged, located by offset and opcode */
	scan_mem(&r, "pytorch_model.bin", pk, sizeof(pk) - 1);
	assert_int_equal(r.nfindings, 1);
	assert_string_equal(r.findings[0]->rule->id, WL301);
	assert_int_equal(r.findings[0]->loc.line, 1);
	assert_string_equal(prop(r.findings[0], "offset"), "14");
	assert_string_equal(prop(r.findings[0], "opcode"), "STACK_GLOBAL");
	assert_string_equal(prop(r.findings[0], "import"), "os.system");
	assert_string_equal(prop(r.findings[0], "call"), "REDUCE");
	assert_non_null(strstr(r.findings[0]->key, "os.system"));
	wl_report_release(&r);
	/* the same bytes named .safetensors: also a disguise finding */
	scan_mem(&r, "model.safetensors", pk, sizeof(pk) - 1);
	assert_int_equal(r.nfindings, 2);
	wl_report_release(&r);
	/* a clean pickle is silent */
	scan_mem(&r, "weights.pkl", "\x80\x02}q\x00.", 6);
	assert_int_equal(r.nfindings, 0);
	wl_report_release(&r);
}

static void engine_npy_object_offsets(void **state)
{
	struct wl_report r;
	char buf[256];
	const char *hdr = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
	static const char pk[] = "\x80\x02" "cposix\nsystem\nN\x85R.";
	size_t hl = strlen(hdr), n = 0;
	(void)state;
	memcpy(buf, "\x93NUMPY\x01\x00", 8);
	buf[8] = (char)(hl + 1);
	buf[9] = 0;
	memcpy(buf + 10, hdr, hl);
	buf[10 + hl] = '\n';
	n = 11 + hl;
	memcpy(buf + n, pk, sizeof(pk) - 1);
	scan_mem(&r, "a.npy", buf, n + sizeof(pk) - 1);
	assert_int_equal(r.nfindings, 1);
	/* the offset is the GLOBAL's place in the .npy file itself */
	assert_int_equal(strtoul(prop(r.findings[0], "offset"), NULL, 10), n + 2);
	wl_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vm_global_and_reduce),
		cmocka_unit_test(vm_stack_global_through_memo),
		cmocka_unit_test(vm_nonconst_operand),
		cmocka_unit_test(vm_py2_remap_only_below_protocol_3),
		cmocka_unit_test(vm_inst_obj_ext),
		cmocka_unit_test(vm_broken_keeps_payload),
		cmocka_unit_test(vm_concatenated_and_trailing),
		cmocka_unit_test(vm_frame_enforced),
		cmocka_unit_test(vm_mutation_of_import),
		cmocka_unit_test(vm_big_payload_skipped),
		cmocka_unit_test(vm_opcode_limit_reported),
		cmocka_unit_test(vm_probe_tells_text_from_pickle),
		cmocka_unit_test(vm_sniff_needs_evidence),
		cmocka_unit_test(policy_allow_deny_unknown),
		cmocka_unit_test(vm_use_flags),
		cmocka_unit_test(policy_by_use),
		cmocka_unit_test(zip_lenient_and_reports),
		cmocka_unit_test(engine_binary_locations),
		cmocka_unit_test(engine_npy_object_offsets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
