// The function writes untouched items straight from the input's bytes when they already have the
// layout it would write (`- ` at column 0, lines indented by two) and re-indents them otherwise.
// These tests hold the shortcut to the long way: for every layout, the output must be exactly what
// re-indenting each item (item_text + emit_list_item_text) gives.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "yaml/emit.h"
#include "cli/function.h"
#include "krm/scan.h"

namespace vg {
namespace {

constexpr const char* kConfig =
    "functionConfig:\n"
    "  apiVersion: volsync-gen.io/v1alpha1\n"
    "  kind: VolSyncBackup\n"
    "  metadata: {name: volsync}\n"
    "  spec:\n"
    "    repository: s3:http://minio:9000/backup\n"
    "    credentials: {secretName: base}\n";

// What the items section must be: each item re-indented the long way.
std::string reindented_items(const std::string& input) {
  ScanResult scan;
  Findings f;
  EXPECT_TRUE(scan_resource_list(input, {}, scan, f));
  std::string out;
  for (const auto& span : scan.items) emit_list_item_text(out, item_text(input, span));
  return out;
}

std::string items_section(const std::string& output) {
  const auto begin = output.find("items:\n");
  const auto end = output.find("\nfunctionConfig:");
  if (begin == std::string::npos || end == std::string::npos) return "<no items section>\n" + output;
  return output.substr(begin + 7, end + 1 - (begin + 7));
}

FunctionResult run(const std::string& input, bool pieces) {
  FunctionOptions o;
  o.pieces_only = pieces;
  return run_function(input, o);
}

struct Layout {
  const char* name;
  const char* items;  // the text after "items:\n"
};

const Layout kLayouts[] = {
    {"canonical", "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    k: v\n"
                  "- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n"},
    {"comment-at-column-0", "- apiVersion: v1\n  kind: ConfigMap\n# a comment between fields\n  metadata:\n"
                            "    name: a\n"},
    {"indented-list", "  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n"
                      "  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: b\n"},
    {"flow-item", "- {apiVersion: v1, kind: ConfigMap, metadata: {name: a},\n   data: {k: v}}\n"},
    {"crlf", "- apiVersion: v1\r\n  kind: ConfigMap\r\n  metadata:\r\n    name: a\r\n"},
    {"block-scalar-blank-lines", "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n"
                                 "    script: |\n      one\n\n      two\n \n      three\n"},
    {"wide-indent", "-   apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n"},
    {"trailing-comment", "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a  # the name\n"},
};

TEST(OutputPieces, UntouchedItemsAreWrittenAsReindentingWouldWriteThem) {
  for (const Layout& l : kLayouts) {
    SCOPED_TRACE(l.name);
    const std::string input = std::string("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n") +
                              l.items + kConfig;
    const FunctionResult joined = run(input, false);
    ASSERT_TRUE(joined.ok) << (joined.findings.empty() ? "" : joined.findings[0].message);
    EXPECT_EQ(items_section(joined.output), reindented_items(input));
    const FunctionResult pieces = run(input, true);
    ASSERT_TRUE(pieces.ok);
    EXPECT_TRUE(pieces.output.empty());
    EXPECT_EQ(pieces.text(input), joined.output);
  }
}

TEST(OutputPieces, CanonicalItemsAreNotCopied) {
  std::string input = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n";
  for (int i = 0; i < 50; ++i)
    input += "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c" + std::to_string(i) + "\n";
  input += kConfig;
  const FunctionResult r = run(input, true);
  ASSERT_TRUE(r.ok);
  // The 50 items are adjacent in the input: one piece of it, and none of them in `written`.
  std::size_t from_input = 0;
  for (const auto& p : r.pieces) from_input += p.from_input ? 1 : 0;
  EXPECT_EQ(from_input, 1u);
  EXPECT_EQ(r.written.find("name: c0"), std::string::npos);
  EXPECT_EQ(r.text(input), run(input, false).output);
}

TEST(OutputPieces, WriteSendsExactlyTheText) {
  const std::string input = std::string("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n") +
                            kLayouts[0].items + kConfig;
  const FunctionResult r = run(input, true);
  ASSERT_TRUE(r.ok);
  std::FILE* tmp = std::tmpfile();
  ASSERT_NE(tmp, nullptr);
  ASSERT_TRUE(r.write(tmp, input));
  std::rewind(tmp);
  std::string back;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, tmp)) > 0;) back.append(buf, n);
  std::fclose(tmp);
  EXPECT_EQ(back, r.text(input));
  EXPECT_EQ(back, run(input, false).output);
}

TEST(OutputPieces, StreamDocumentsKeepTheirBytes) {
  FunctionOptions o;
  o.stream_io = true;
  o.pieces_only = true;
  o.config_text = std::string(kConfig).substr(std::string("functionConfig:\n").size());
  // The config is indented under functionConfig: above; as a file it starts at column 0.
  std::string config;
  for (std::size_t pos = 0; pos < o.config_text->size();) {
    std::size_t nl = o.config_text->find('\n', pos);
    config += o.config_text->substr(pos + 2, nl - pos - 2) + "\n";
    pos = nl + 1;
  }
  o.config_text = config;
  const std::string input = "apiVersion: v1\nkind: ConfigMap  # kept\nmetadata:\n  name: a\n---\n"
                            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}";  // no final newline
  const FunctionResult r = run_function(input, o);
  ASSERT_TRUE(r.ok) << (r.findings.empty() ? "" : r.findings[0].message);
  EXPECT_EQ(r.text(input), "apiVersion: v1\nkind: ConfigMap  # kept\nmetadata:\n  name: a\n---\n"
                           "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
}

}  // namespace
}  // namespace vg
