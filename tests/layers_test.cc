// The layers of generator/ as the README draws them, as the build enforces them, and as the folders
// are: one list. And the enforcement is real: an upward #include fails cmake/check-layers.cmake.
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_util.h"

namespace fs = std::filesystem;

namespace {

using vg::test::slurp;

const fs::path kRoot = VG_SOURCE_DIR;

// The first group of every match of `pattern` in `text`.
std::vector<std::string> matches(const std::string& text, const std::string& pattern) {
  std::vector<std::string> out;
  const RE2 re(pattern);
  re2::StringPiece rest(text);
  for (std::string group; RE2::FindAndConsume(&rest, re, &group);) out.push_back(group);
  return out;
}

std::vector<std::string> checked_layers() {
  const std::string script = slurp(kRoot / "cmake/check-layers.cmake");
  auto lists = matches(script, R"(set\(VG_LAYERS ([a-z ]+)\))");
  EXPECT_EQ(lists.size(), 1u);
  std::vector<std::string> out;
  std::istringstream words(lists.empty() ? "" : lists[0]);
  for (std::string w; words >> w;) out.push_back(w);
  return out;
}

TEST(Layers, ReadmeBuildAndFoldersAgree) {
  const auto layers = checked_layers();
  ASSERT_EQ(layers, (std::vector<std::string>{"yaml", "krm", "schema", "volsync", "cli"}));

  // generator/CMakeLists.txt builds one library per layer, in the same order.
  const auto built = matches(slurp(kRoot / "generator/CMakeLists.txt"), R"(\nvg_layer\(([a-z]+))");
  EXPECT_EQ(built, layers);

  // Every folder of generator/ is a layer.
  std::vector<std::string> folders;
  for (const auto& e : fs::directory_iterator(kRoot / "generator"))
    if (e.is_directory()) folders.push_back(e.path().filename().string());
  std::sort(folders.begin(), folders.end());
  auto sorted = layers;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(folders, sorted);

  // The README's layer table: rows "| `yaml/` | `vg_yaml` | ...", lowest first.
  const std::string readme = slurp(kRoot / "README.md");
  const auto rows = matches(readme, R"(\n\| `([a-z]+)/` \| `vg_[a-z]+` \|)");
  EXPECT_EQ(rows, layers) << "README.md's Design section lists the layers differently";
  for (const auto& l : layers)
    EXPECT_NE(readme.find("| `" + l + "/` | `vg_" + l + "` |"), std::string::npos) << l;
}

TEST(Layers, AnUpwardIncludeFailsTheBuildCheck) {
  const fs::path tmp = fs::temp_directory_path() / ("vg-layers-" + std::to_string(getpid()));
  for (const char* l : {"yaml", "krm", "schema", "volsync", "cli"}) fs::create_directories(tmp / "generator" / l);
  std::ofstream(tmp / "generator/krm/ok.cc") << "#include \"yaml/doc.h\"\n#include \"krm/scan.h\"\n";
  const std::string run = "cmake -DROOT=" + (tmp / "generator").string() + " -DSTAMP=" + (tmp / "stamp").string() +
                          " -P " + (kRoot / "cmake/check-layers.cmake").string() + " > " + (tmp / "log").string() +
                          " 2>&1";
  EXPECT_EQ(std::system(run.c_str()), 0) << slurp(tmp / "log");
  std::ofstream(tmp / "generator/schema/bad.h") << "#pragma once\n#include \"volsync/plan.h\"\n";
  EXPECT_NE(std::system(run.c_str()), 0);
  const std::string log = slurp(tmp / "log");
  EXPECT_NE(log.find("generator/schema/bad.h"), std::string::npos) << log;
  EXPECT_NE(log.find("volsync/plan.h"), std::string::npos) << log;
  fs::remove_all(tmp);
}

}  // namespace
