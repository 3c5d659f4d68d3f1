/* The floor: libyaml event parse + emit of stdin to stdout, no tree. Any YAML tool that reads and
 * writes a document has to do at least this much work.  cc -O2 libyaml_floor.c -lyaml */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static int emit_cb(void *data, unsigned char *buf, size_t size) {
  return fwrite(buf, 1, size, (FILE *)data) == size;
}

int main(void) {
  yaml_parser_t parser;
  yaml_emitter_t emitter;
  yaml_event_t event;
  int done = 0;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_file(&parser, stdin);
  yaml_emitter_initialize(&emitter);
  yaml_emitter_set_output(&emitter, emit_cb, stdout);
  yaml_emitter_set_unicode(&emitter, 1);
  yaml_emitter_set_width(&emitter, -1);
  while (!done) {
    if (!yaml_parser_parse(&parser, &event)) {
      fprintf(stderr, "parse error: %s at line %lu\n", parser.problem ? parser.problem : "?",
              (unsigned long)parser.problem_mark.line + 1);
      return 1;
    }
    done = event.type == YAML_STREAM_END_EVENT;
    if (!yaml_emitter_emit(&emitter, &event)) { /* takes ownership of the event */
      fprintf(stderr, "emit error: %s\n", emitter.problem ? emitter.problem : "?");
      return 1;
    }
  }
  yaml_parser_delete(&parser);
  yaml_emitter_delete(&emitter);
  return fflush(stdout) != 0;
}
