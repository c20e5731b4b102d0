/* fuzz_dockerfile.c - the Dockerfile instruction parser on its own (every
 * field and the JSON-array decoder touched), then the whole pipeline with the
 * input named Dockerfile (RUN shell analysis, ARG substitution, COPY maps). */
#include "fuzz/fuzz_common.h"

#include "dockerfile.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int touch(void *ud, const struct wl_df_instr *ins)
{
	size_t *sum = ud, i, starts[16], offs[16];
	struct wl_buf out;
	uint32_t line, col;
	*sum += ins->args.text.len + ins->line + ins->end_line + strlen(ins->keyword);
	for (i = 0; i < ins->args.text.len; i += 7) {
		wl_srcmap_pos(&ins->args.map, i, &line, &col);
		*sum += line + col;
	}
	for (i = 0; i < ins->nheredocs; i++)
		*sum += ins->heredocs[i].body.text.len + strlen(ins->heredocs[i].delim);
	wl_buf_init(&out, 1 << 16);
	if (wl_df_json_array(ins->args.text.buf, ins->args.text.len, &out, starts, offs, 16) > 0)
		*sum += out.len;
	wl_buf_release(&out);
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	size_t sum = 0;
	wl_dockerfile_parse((const char *)data, size, touch, &sum);
	wl_fuzz_scan_as("Dockerfile", data, size);
	return 0;
}
