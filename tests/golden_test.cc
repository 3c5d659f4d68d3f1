// Golden cases: testdata/<case>/ holds input.yaml (stdin) and the expected stdout, stderr and exit
// status of the real binary. A new case is a new folder. VG_UPDATE_GOLDEN=1 rewrites the expected
// files from the current binary; review that diff by eye before committing it.
//   input.yaml            stdin
//   args                  optional: command-line arguments, one per line (run in the case folder)
//   expected.yaml         stdout of a success case (whole)
//   expected-stderr.txt   stderr
//   expected-exit         exit status (absent = 0)
// An error case (expected-exit not 0) stores no stdout: what it must be follows from the input and
// stderr (expect_error_output), so a stored echo of the input cannot hide a lost or changed item.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_util.h"

namespace fs = std::filesystem;

namespace {

using vg::test::slurp;

void spit(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary);
  out << s;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct RunOut {
  std::string out, err;
  int status = -1;
};

RunOut run_case(const fs::path& dir) {
  std::string args;
  if (fs::exists(dir / "args")) {
    std::istringstream lines(slurp(dir / "args"));
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) args += " " + shell_quote(line);
  }
  fs::path tmp = fs::temp_directory_path() / ("vg-golden-" + dir.filename().string() + "-" + std::to_string(getpid()));
  fs::create_directories(tmp);
  std::string cmd = "cd " + shell_quote(dir.string()) + " && " + shell_quote(VG_BINARY) + args + " < input.yaml > " +
                    shell_quote((tmp / "out").string()) + " 2> " + shell_quote((tmp / "err").string());
  int rc = std::system(cmd.c_str());
  RunOut r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = slurp(tmp / "out");
  r.err = slurp(tmp / "err");
  fs::remove_all(tmp);
  return r;
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(fs::path(VG_SOURCE_DIR) / "testdata"))
    if (e.is_directory() && fs::exists(e.path() / "input.yaml")) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The output of a failed run: a ResourceList whose items are exactly the input's (nothing lost,
// nothing changed, nothing generated) or none at all (the input could not be read), and whose
// results are the findings stderr reports, one for one.
void expect_error_output(const fs::path& dir, const RunOut& r) {
  YAML::Node out, in;
  try {
    out = YAML::Load(r.out);
    in = YAML::Load(slurp(dir / "input.yaml"));
  } catch (const YAML::Exception& e) {
    if (!out) FAIL() << "stdout of a failed run is no YAML: " << e.what() << "\n" << r.out;
  }
  ASSERT_TRUE(out.IsMap()) << r.out;
  EXPECT_EQ(out["kind"].as<std::string>(""), "ResourceList") << r.out;
  const YAML::Node items = out["items"];
  ASSERT_TRUE(items.IsSequence()) << r.out;
  if (items.size() > 0) {
    ASSERT_TRUE(in.IsMap() && in["items"].IsSequence()) << "items out of an input without items";
    ASSERT_EQ(items.size(), in["items"].size()) << "a failed run must return every input item or none";
    for (std::size_t i = 0; i < items.size(); ++i)
      EXPECT_EQ(YAML::Dump(items[i]), YAML::Dump(in["items"][i])) << "input item " << i << " changed";
  }
  const YAML::Node results = out["results"];
  ASSERT_TRUE(results.IsSequence() && results.size() > 0) << "a failed run must say why in results\n" << r.out;
  std::size_t reported = 0;
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("volsync-gen: ", 0) == 0) ++reported;
  EXPECT_EQ(results.size(), reported) << "one result per finding on stderr\n" << r.err;
  for (const auto& res : results) {
    std::string msg = res["message"].as<std::string>("");
    if (auto h = msg.rfind(" (hint: "); h != std::string::npos) msg.resize(h);
    std::string one_line;  // stderr keeps each finding on one line: a newline is written as \n
    for (char c : msg) one_line += c == '\n' ? std::string("\\n") : std::string(1, c);
    msg = one_line;
    EXPECT_NE(r.err.find(msg), std::string::npos) << "result not on stderr: " << msg;
    EXPECT_NE(r.err.find(res["severity"].as<std::string>("?") + " " + res["tags"]["rule"].as<std::string>("?")),
              std::string::npos) << msg;
  }
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpectedOutput) {
  const fs::path dir = fs::path(VG_SOURCE_DIR) / "testdata" / GetParam();
  RunOut r = run_case(dir);
  if (std::getenv("VG_UPDATE_GOLDEN")) {
    if (r.status == 0) spit(dir / "expected.yaml", r.out);
    else fs::remove(dir / "expected.yaml");
    spit(dir / "expected-stderr.txt", r.err);
    if (r.status != 0) spit(dir / "expected-exit", std::to_string(r.status) + "\n");
    else fs::remove(dir / "expected-exit");
    GTEST_SKIP() << "rewrote expected files of " << GetParam();
  }
  int want_status = fs::exists(dir / "expected-exit") ? std::stoi(slurp(dir / "expected-exit")) : 0;
  EXPECT_EQ(r.status, want_status) << "stderr:\n" << r.err;
  EXPECT_EQ(r.err, slurp(dir / "expected-stderr.txt")) << "stderr differs for " << GetParam();
  if (want_status == 0) {
    EXPECT_EQ(r.out, slurp(dir / "expected.yaml")) << "stdout differs for " << GetParam();
  } else {
    EXPECT_FALSE(fs::exists(dir / "expected.yaml")) << "an error case keeps no stdout (see the top of this file)";
    expect_error_output(dir, r);
  }
}

TEST_P(Golden, IsDeterministic) {
  const fs::path dir = fs::path(VG_SOURCE_DIR) / "testdata" / GetParam();
  RunOut a = run_case(dir), b = run_case(dir);
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(a.err, b.err);
  EXPECT_EQ(a.status, b.status);
}

// Running the function on its own output changes nothing: generated objects are recognised and
// replaced in place, the source Secret keeps its single local-config annotation.
TEST_P(Golden, RerunOnOwnOutputIsANoOp) {
  const fs::path dir = fs::path(VG_SOURCE_DIR) / "testdata" / GetParam();
  if (fs::exists(dir / "args")) GTEST_SKIP() << "stream mode case";
  RunOut first = run_case(dir);
  if (first.status != 0) GTEST_SKIP() << "error case";
  fs::path tmp = fs::temp_directory_path() / ("vg-rerun-" + GetParam() + "-" + std::to_string(getpid()));
  fs::create_directories(tmp);
  spit(tmp / "input.yaml", first.out);
  RunOut second = run_case(tmp);
  fs::remove_all(tmp);
  EXPECT_EQ(second.status, 0) << second.err;
  // The items and functionConfig are the no-op; results say what a run did, and a removal (info
  // generated-removed) is said by the run that removed, not by the next one.
  auto without_results = [](const std::string& out) {
    const std::size_t at = out.find("\nresults:\n");
    return at == std::string::npos ? out : out.substr(0, at + 1);
  };
  EXPECT_EQ(without_results(second.out), without_results(first.out));
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(case_names()),
                         [](const auto& param_info) {
                           std::string n = param_info.param;
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
