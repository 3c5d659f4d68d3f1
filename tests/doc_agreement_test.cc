// The hot path reads YAML with libyaml into Docs; the edges (functionConfig, lint) read it with
// yaml-cpp. Both must see the same values, types and tags, or an object would validate one way and be
// emitted another. This test reads every golden input and corpus file both ways and compares them.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "yaml/doc.h"
#include "support/doc_yaml.h"

#include "support/test_util.h"

namespace vg {
namespace {

using vg::test::slurp;

namespace fs = std::filesystem;

std::vector<fs::path> yaml_files() {
  std::vector<fs::path> out;
  const fs::path root = VG_SOURCE_DIR;
  for (const fs::path& dir : {root / "testdata", root / "examples", root / ".." / "shared" / "corpus"}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
      if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml"))
        out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(DocAgreement, LibyamlDocsEqualYamlCppTrees) {
  const auto files = yaml_files();
  ASSERT_GT(files.size(), 40u) << "the golden inputs are missing";
  std::size_t compared = 0;
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const std::string text = slurp(file);
    std::vector<Doc> docs;
    DocParseError err;
    const bool doc_ok = parse_docs(text, docs, err);
    std::vector<YAML::Node> nodes;
    bool yaml_ok = true;
    try {
      nodes = YAML::LoadAll(text);
    } catch (const YAML::Exception&) {
      yaml_ok = false;
    }
    if (!doc_ok || !yaml_ok) continue;  // malformed on purpose (error cases); the parsers word it differently
    // yaml-cpp keeps an empty document at the end of a stream that ends with `---`; libyaml does not.
    while (nodes.size() > docs.size() && nodes.back().IsNull()) nodes.pop_back();
    ASSERT_EQ(docs.size(), nodes.size());
    for (std::size_t i = 0; i < docs.size(); ++i) {
      Doc converted;
      try {
        converted = to_doc(nodes[i]);
      } catch (const std::exception&) {
        continue;  // a cyclic alias: yaml-cpp builds the cycle, the Doc reader refuses it
      }
      EXPECT_TRUE(same_doc(docs[i], converted)) << "document " << i;
      ++compared;
    }
  }
  EXPECT_GT(compared, 40u);
}

}  // namespace
}  // namespace vg
