/*
 * artifact.c - rules for serialized models: what a pickle imports (allowlist
 * first), and the integrity of the containers around it. Judges facts from
 * scanners/artifacts/artifact.c and scanners/parse/pickle_vm.c; never parses bytes itself.
 * Every finding names the member, the byte offset and the opcode, so a
 * reader can find it with a hex editor.
 */
#include "engine.h"

#include <string.h>

#include "facts_artifact.h"
#include "pickle_policy.h"

#define TAGS "supply-chain,model,pickle"

static const struct wl_rule artifact_rules[] = {
	{
		.id = "WL301",
		.name = "pickle-dangerous-import",
		.short_desc = "Pickle imports a callable that can run code, touch files or the network",
		.full_desc = "Loading this pickle (torch.load, pickle.load, joblib.load, np.load with allow_pickle) "
			     "imports a global on weaklink's deny list - os/subprocess/builtins.eval and friends, "
			     "or a library function known to reach code execution - directly or through a dotted "
			     "attribute path. Unpickling the file runs attacker-chosen code.",
		.help_md = "Do not load this file. If it is your own artifact, re-export the weights in a format "
			   "that cannot carry code (`safetensors.torch.save_file`), or load it only with "
			   "`torch.load(path, weights_only=True)`. If the import is genuinely needed and safe, "
			   "allow it explicitly in `.weaklink.toml`:\n\n```toml\n[pickle]\nallow = [\"module name\"]\n```\n"
			   "(the deny list still wins; remove the entry from a custom `deny` instead).",
		.cwe = 502,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.8,
		.precision = "high",
		.tags = TAGS,
	},
	{
		.id = "WL302",
		.name = "pickle-unknown-import",
		.short_desc = "Pickle imports a global that is not on the allowlist",
		.full_desc = "The pickle imports a module attribute that is neither an ordinary tensor/array/container "
			     "type (PyTorch's weights_only allowlist, NumPy arrays) nor known-dangerous. Whatever it "
			     "is, loading the pickle imports that module and may call it; deny lists alone are an "
			     "endless game, so anything unlisted is reported.",
		.help_md = "Check what the import is. Model weights should only need tensors, arrays and plain "
			   "containers: save `model.state_dict()` rather than the model object, or use safetensors. "
			   "If the class is yours and trusted, add it to `.weaklink.toml`:\n\n```toml\n[pickle]\n"
			   "allow = [\"mypackage.models MyModel\"]\n```",
		.cwe = 502,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.5,
		.precision = "medium",
		.tags = TAGS,
	},
	{
		.id = "WL303",
		.name = "pickle-unresolved-global",
		.short_desc = "Pickle computes the global it imports, or uses a copyreg extension code",
		.full_desc = "A STACK_GLOBAL operand is not a constant string (it was produced by a call or another "
			     "import), an OBJ applies something that is not a plain import, or an EXT1/2/4 opcode "
			     "refers to the copyreg extension registry. Ordinary pickles never do this; it is a "
			     "classic way to hide the real import from scanners.",
		.help_md = "Treat the file as hostile: do not load it. Regenerate the artifact from trusted code, "
			   "preferably in safetensors.",
		.cwe = 502,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.8,
		.precision = "high",
		.tags = TAGS,
	},
	{
		.id = "WL304",
		.name = "pickle-global-mutation",
		.short_desc = "Pickle overwrites attributes or items of an imported module or class",
		.full_desc = "BUILD, SETITEM(S) or APPEND(S) is applied to an imported global itself rather than to a "
			     "new object: loading the pickle changes the module (for instance replacing "
			     "torch._utils._rebuild_tensor with builtins.eval), which later imports then call.",
		.help_md = "Do not load the file; it is built to subvert the loader. Regenerate the artifact from "
			   "trusted code.",
		.cwe = 502,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.0,
		.precision = "very-high",
		.tags = TAGS,
	},
	{
		.id = "WL305",
		.name = "pickle-stream-broken",
		.short_desc = "Pickle stream is malformed; everything before the break was still checked",
		.full_desc = "The pickle breaks (unknown opcode, truncated argument, stack underflow, missing memo "
			     "key...) before STOP. A loader executes every opcode up to the break, so imports found "
			     "before it are reported as usual; the break itself is how some payloads hide from "
			     "scanners that give up on a parse error.",
		.help_md = "A genuine checkpoint is never truncated or corrupt: re-download or regenerate it and "
			   "compare its hash with the publisher's. Do not load it while it is broken.",
		.cwe = 20,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.0,
		.precision = "high",
		.tags = TAGS,
	},
	{
		.id = "WL306",
		.name = "pickle-frame-violation",
		.short_desc = "Pickle FRAME lengths do not match the opcodes inside them",
		.full_desc = "A protocol 4+ FRAME announces a length that ends inside an opcode or its argument, "
			     "starts before the previous frame ends, or runs past the data. CPython's C unpickler "
			     "ignores frame boundaries, so a frame-trusting scanner can be shown different opcodes "
			     "than the loader executes.",
		.help_md = "Pickles written by CPython never do this. Treat the file as crafted; regenerate it "
			   "from trusted code.",
		.cwe = 436,
		.level = WL_LEVEL_WARNING,
		.security_severity = 6.5,
		.precision = "high",
		.tags = TAGS,
	},
	{
		.id = "WL307",
		.name = "pickle-trailing-data",
		.short_desc = "Bytes follow the pickle, or sit between concatenated pickles",
		.full_desc = "After STOP the file continues with data that is not part of the pickle, or several "
			     "pickles are concatenated with other bytes between them. Loaders that read several "
			     "objects from one stream will execute the later pickles too, and payloads hide there.",
		.help_md = "Check where the extra bytes come from; an artifact written by torch.save, pickle.dump "
			   "or joblib.dump ends at its last STOP.",
		.cwe = 20,
		.level = WL_LEVEL_WARNING,
		.security_severity = 4.0,
		.precision = "medium",
		.tags = TAGS,
	},
	{
		.id = "WL308",
		.name = "zip-integrity-anomaly",
		.short_desc = "Model archive has zip anomalies that make scanners and loaders disagree",
		.full_desc = "The zip container (a PyTorch checkpoint, .npz, .keras ...) has a bad CRC, tampered "
			     "general-purpose flags, a local-header name that differs from the central directory, "
			     "junk before the archive, truncated members or unsafe member names. PyTorch's reader "
			     "accepts such files while Python's zipfile refuses them, which published scanner "
			     "bypasses exploit.",
		.help_md = "Regenerate the archive with the library that owns the format (`torch.save`, "
			   "`np.savez`) and publish its hash; never hand-edit model archives.",
		.cwe = 345,
		.level = WL_LEVEL_WARNING,
		.security_severity = 6.5,
		.precision = "high",
		.tags = "supply-chain,model,zip",
	},
	{
		.id = "WL309",
		.name = "zip-duplicate-member",
		.short_desc = "Model archive contains two members with the same name",
		.full_desc = "Two zip entries share one name. Different readers pick different copies (Python's "
			     "zipfile the last, others the first), so a scanner can be shown a benign data.pkl while "
			     "the loader runs another. weaklink scans every copy.",
		.help_md = "Regenerate the archive; a file written by torch.save or np.savez never has duplicate "
			   "names.",
		.cwe = 436,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.5,
		.precision = "very-high",
		.tags = "supply-chain,model,zip",
	},
	{
		.id = "WL310",
		.name = "artifact-unverifiable",
		.short_desc = "Model artifact or container cannot be verified",
		.full_desc = "The artifact is a container weaklink cannot look into (7z, RAR, LZ4, Zstandard, an "
			     "encrypted zip member, an unsupported compression method) or is too corrupt to parse. "
			     "A pickle inside would go unchecked, so this is reported rather than passed as clean.",
		.help_md = "Publish models in a format that can be verified (safetensors, or a plain zip written "
			   "by torch.save). If the archive is data rather than a model, exclude it in "
			   "`.weaklink.toml`.",
		.cwe = 345,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.0,
		.precision = "high",
		.tags = "supply-chain,model",
	},
	{
		.id = "WL311",
		.name = "artifact-scan-limit",
		.short_desc = "A scan limit was reached; part of the artifact was not checked",
		.full_desc = "Decompressed size, decompression ratio, container nesting depth, member count, "
			     "pickle opcode count or pickle memo size exceeded its bound. The rest of the artifact was not checked; "
			     "decompression bombs and deeply nested archives are also used to exhaust scanners.",
		.help_md = "If the artifact is genuine and large, raise the limit in `.weaklink.toml` "
			   "(`[artifact] max_inflated = \"4G\"`, `max_depth`, `max_members`, `max_pickle_ops`, "
			   "`max_pickle_memo`, `max_ratio`). The message says what was not checked. Otherwise treat "
			   "it as hostile.",
		.cwe = 400,
		.level = WL_LEVEL_WARNING,
		.security_severity = 4.0,
		.precision = "high",
		.tags = "supply-chain,model",
	},
	{
		.id = "WL312",
		.name = "artifact-extension-mismatch",
		.short_desc = "File content does not match its extension (a disguised pickle or archive)",
		.full_desc = "The file's bytes say pickle (or 7z/RAR, zip, compressed data) while its name says a "
			     "format that cannot carry code (.safetensors, .h5, .txt, .json ...), or says a model "
			     "format while holding an archive no loader reads. Scanners that trust the extension "
			     "skip such files; loaders that sniff content (torch.load, joblib.load) run them.",
		.help_md = "Rename the file to what it is, or better, convert it to the format its name claims "
			   "(for weights: safetensors).",
		.cwe = 646,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.0,
		.precision = "high",
		.tags = "supply-chain,model",
	},
};

static void where_props(struct wl_finding *f, const struct wl_artifact_where *w, const char *opcode)
{
	if (w->member && *w->member)
		wl_finding_prop(f, "member", "%s", w->member);
	wl_finding_prop(f, "offset", "%llu", (unsigned long long)w->offset);
	if (w->file_offset != UINT64_MAX && (w->member && *w->member))
		wl_finding_prop(f, "file-offset", "%llu", (unsigned long long)w->file_offset);
	if (opcode)
		wl_finding_prop(f, "opcode", "%s", opcode);
	if (w->format)
		wl_finding_prop(f, "format", "%s", w->format);
}

/* " in member 'x'" or "" */
static const char *in_member(struct wl_ctx *ctx, const struct wl_artifact_where *w)
{
	return w->member && *w->member ? wl_ctx_printf(ctx, " in '%s'", w->member) : "";
}

static void check_import(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_pickle_import *im = fact->data;
	char why[600];
	enum wl_pickle_verdict v;
	const char *rule, *call, *remap = "";
	struct wl_finding *f;

	if (im->flags & WL_PKI_EXT)
		return; /* reported as WL303 by the VM issue */
	v = wl_pickle_judge(wl_ctx_config(ctx), im->module, im->name, im->raw_module, im->raw_name, im->flags, why,
			    sizeof(why));
	if (v == WL_PICKLE_CLEAN)
		return;
	rule = v == WL_PICKLE_DANGEROUS ? WL301 : WL302;
	call = im->call_opcode ? wl_ctx_printf(ctx, ", called by %s", im->call_opcode)
	       : im->flags & WL_PKI_ESCAPED ? ", not called by the pickle but handed on as a value"
					    : ", not called";
	if (im->flags & WL_PKI_REMAPPED)
		remap = wl_ctx_printf(ctx, " (written as %s.%s, remapped for protocol %d)", im->raw_module,
				      im->raw_name, im->protocol);
	f = wl_report(ctx, rule, &fact->loc, "pickle%s imports %s.%s%s (%s at offset %llu%s%s): %s%s",
		      in_member(ctx, &im->where), im->module, im->name, remap, im->opcode,
		      (unsigned long long)im->where.offset, call,
		      im->places > 1 ? wl_ctx_printf(ctx, "; imported by %u pickles of this file", im->places) : "",
		      why,
		      v == WL_PICKLE_DANGEROUS && !strcmp(im->module, "builtins") && !strcmp(im->name, "getattr")
			      ? "; getattr also appears in benign pickles of bound methods, check what it is applied to"
			      : "");
	if (v == WL_PICKLE_DANGEROUS && !strcmp(im->module, "builtins") && !strcmp(im->name, "getattr") &&
	    !(im->flags & WL_PKI_MUTATED))
		wl_finding_level(f, WL_LEVEL_WARNING);
	wl_finding_key(f, "%s|%s.%s", im->where.member ? im->where.member : "", im->module, im->name);
	where_props(f, &im->where, im->opcode);
	wl_finding_prop(f, "import", "%s.%s", im->module, im->name);
	if (im->call_opcode)
		wl_finding_prop(f, "call", "%s", im->call_opcode);
}

struct kind_rule {
	const char *prefix;
	const char *rule;
};

/* Issue kinds (facts_artifact.h) this module owns, longest prefix first. */
static const struct kind_rule kind_rules[] = {
	{ "pickle.nonconst", WL303 },
	{ "pickle.ext", WL303 },
	{ "pickle.mutation", WL304 },
	{ "pickle.broken", WL305 },
	{ "pickle.frame", WL306 },
	{ "pickle.trailing", WL307 },
	{ "pickle.junk", WL307 },
	{ "zip.duplicate", WL309 },
	{ "zip.", WL308 },
	{ "container.", WL310 },
	{ "npy.", WL310 },
	{ "joblib.", WL310 },
	{ "torch.", WL310 },
	{ "limit.", WL311 },
	{ "sniff.", WL312 },
};

static void check_artifact(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_artifact *a = fact->data;
	const char *rule = NULL;
	struct wl_finding *f;
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(kind_rules); i++) {
		if (wl_starts_with(a->kind, kind_rules[i].prefix)) {
			rule = kind_rules[i].rule;
			break;
		}
	}
	if (!rule)
		return; /* another module's kind */
	f = wl_report(ctx, rule, &fact->loc, "%s%s", a->detail,
		      a->where.member && *a->where.member && !strstr(a->detail, a->where.member)
			      ? wl_ctx_printf(ctx, " (in '%s')", a->where.member)
			      : "");
	wl_finding_key(f, "%s|%s|%s", a->kind, a->where.member ? a->where.member : "", a->subject ? a->subject : "");
	where_props(f, &a->where, NULL);
	wl_finding_prop(f, "kind", "%s", a->kind);
}

static void artifact_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	if (fact->kind == WL_FACT_PICKLE_IMPORT)
		check_import(ctx, fact);
	else if (fact->kind == WL_FACT_ARTIFACT)
		check_artifact(ctx, fact);
}

const struct wl_rule_module wl_rules_artifact = {
	.name = "artifact",
	.rules = artifact_rules,
	.nrules = WL_ARRAY_SIZE(artifact_rules),
	.facts = WL_FACT_BIT(WL_FACT_PICKLE_IMPORT) | WL_FACT_BIT(WL_FACT_ARTIFACT),
	.check = artifact_check,
};
