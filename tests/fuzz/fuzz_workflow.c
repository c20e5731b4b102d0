/* fuzz_workflow.c - the YAML-based CI scanners through the whole pipeline:
 * the first byte picks the file name (GitHub workflow, composite action,
 * GitLab CI, pre-commit config), the rest is the file. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const names[] = {
		".github/workflows/ci.yml", "action.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml",
	};
	if (!size)
		return 0;
	wl_fuzz_scan_as(names[data[0] % 4], data + 1, size - 1);
	return 0;
}
