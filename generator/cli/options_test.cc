#include "cli/options.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <string>
#include <vector>

namespace vg {
namespace {

struct Parsed {
  std::optional<cxxopts::ParseResult> args;
  int exit = -1;
  std::string out, err;
};

Parsed parse(CommandLine& cl, std::vector<std::string> words) {
  words.insert(words.begin(), "volsync-gen");
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  Parsed p;
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  p.args = cl.parse(static_cast<int>(words.size()), argv.data(), p.exit);
  p.out = testing::internal::GetCapturedStdout();
  p.err = testing::internal::GetCapturedStderr();
  return p;
}

TEST(CommandLine, CommonOptionsAreReadOnlyWhenTaken) {
  CommandLine all("volsync-gen lint", "lint files", kOptTemplates | kOptSchemas | kOptMaxInputBytes);
  auto p = parse(all, {"--templates", "tpl", "--schemas", "a.yaml", "--schemas", "dir", "--max-input-bytes", "1000"});
  ASSERT_TRUE(p.args) << p.err;
  EXPECT_EQ(all.common().templates_dir, "tpl");
  EXPECT_EQ(all.common().schema_paths, (std::vector<std::string>{"a.yaml", "dir"}));
  ASSERT_TRUE(all.common().max_input_bytes);
  EXPECT_EQ(*all.common().max_input_bytes, 1000u);
  Limits limits;
  all.common().apply(limits);
  EXPECT_EQ(limits.max_input_bytes, 1000u);

  // Without them the defaults stay, and the limits are untouched.
  CommandLine bare("volsync-gen", "run", kOptTemplates | kOptSchemas | kOptMaxInputBytes);
  auto q = parse(bare, {});
  ASSERT_TRUE(q.args);
  EXPECT_EQ(bare.common().templates_dir, "");
  EXPECT_TRUE(bare.common().schema_paths.empty());
  EXPECT_FALSE(bare.common().max_input_bytes);
  Limits defaults, applied;
  bare.common().apply(applied);
  EXPECT_EQ(applied.max_input_bytes, defaults.max_input_bytes);

  // A command that does not take an option refuses it as a usage error.
  CommandLine none("volsync-gen inventory", "inventory", 0);
  auto r = parse(none, {"--templates", "tpl"});
  EXPECT_FALSE(r.args);
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err.rfind("volsync-gen inventory: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("(see volsync-gen inventory --help)"), std::string::npos) << r.err;
}

TEST(CommandLine, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    const char* err;  // substring of stderr
  };
  const Case cases[] = {
      {{"--no-such-option"}, "no-such-option"},
      {{"--max-input-bytes", "lots"}, "lots"},
      {{"--max-input-bytes"}, "max-input-bytes"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args[0]);
    CommandLine cl("volsync-gen render", "render", kOptMaxInputBytes);
    auto p = parse(cl, c.args);
    EXPECT_FALSE(p.args);
    EXPECT_EQ(p.exit, 2);
    EXPECT_EQ(p.out, "");
    EXPECT_EQ(p.err.rfind("volsync-gen render: ", 0), 0u) << p.err;
    EXPECT_NE(p.err.find(c.err), std::string::npos) << p.err;
  }
}

TEST(CommandLine, HelpAndVersionEndTheCommandSuccessfully) {
  CommandLine cl("volsync-gen lint", "lint files", kOptSchemas);
  cl.add()("strict", "warnings are errors");
  auto h = parse(cl, {"--help"});
  EXPECT_FALSE(h.args);
  EXPECT_EQ(h.exit, 0);
  for (const char* opt : {"--help", "--version", "--schemas", "--strict"})
    EXPECT_NE(h.out.find(opt), std::string::npos) << opt << " missing from\n" << h.out;
  EXPECT_EQ(h.out.find("--templates"), std::string::npos) << "only the options the command takes";
  EXPECT_EQ(h.out, cl.help() + "\n");

  auto v = parse(cl, {"--version"});
  EXPECT_FALSE(v.args);
  EXPECT_EQ(v.exit, 0);
  EXPECT_EQ(v.out, std::string("volsync-gen ") + VG_VERSION + " (VolSync schemas v0.16.0)\n");
  auto short_h = parse(cl, {"-h"});
  EXPECT_EQ(short_h.exit, 0);
  EXPECT_FALSE(short_h.out.empty());
}

TEST(CommandLine, FormatIsCheckedAgainstTheAllowedList) {
  const std::vector<std::string> allowed = {"text", "json", "sarif"};
  struct Case {
    std::vector<std::string> args;
    std::optional<std::string> format;
  };
  const Case cases[] = {
      {{}, "text"},
      {{"--format", "json"}, "json"},
      {{"-f", "sarif"}, "sarif"},
      {{"--format=json"}, "json"},
      {{"--format", "JSON"}, std::nullopt},
      {{"--format", "github"}, std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args.empty() ? "default" : c.args.back());
    CommandLine cl("volsync-gen lint", "lint", 0);
    cl.add_format("text, json, sarif", "text");
    auto p = parse(cl, c.args);
    ASSERT_TRUE(p.args) << p.err;
    testing::internal::CaptureStderr();
    auto f = cl.format(*p.args, allowed);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(f, c.format);
    if (!c.format) {
      EXPECT_EQ(err, "volsync-gen lint: unknown --format " + c.args.back() + " (text, json, sarif)\n");
    } else {
      EXPECT_EQ(err, "");
    }
  }
}

TEST(CommandLine, PositionalArguments) {
  CommandLine cl("volsync-gen lint", "lint", kOptSchemas);
  cl.positional("paths", "FILE...");
  auto p = parse(cl, {"a.yaml", "--schemas", "crd.yaml", "b/"});
  ASSERT_TRUE(p.args) << p.err;
  EXPECT_EQ((*p.args)["paths"].as<std::vector<std::string>>(), (std::vector<std::string>{"a.yaml", "b/"}));
  EXPECT_EQ(cl.common().schema_paths, (std::vector<std::string>{"crd.yaml"}));
  EXPECT_NE(cl.help().find("FILE..."), std::string::npos) << cl.help();
}

TEST(CommandLine, UsageErrorReturnsTwo) {
  CommandLine cl("volsync-gen render", "render", 0);
  EXPECT_EQ(cl.name(), "volsync-gen render");
  testing::internal::CaptureStderr();
  EXPECT_EQ(cl.usage_error("needs --out"), 2);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "volsync-gen render: needs --out\n");
}

// Counts out of range and stray positional arguments are usage errors, one line each (issue 12, point 8).
TEST(CommandLine, CountsAndPositionalsAreChecked) {
  struct Case {
    std::vector<std::string> words;
    bool ok;
    const char* err;
  };
  const Case cases[] = {
      {{}, true, ""},
      {{"--runs", "1000", "f"}, true, ""},
      {{"--runs", "-5"}, false, "volsync-gen inventory: --runs must be between 1 and 1000, got -5\n"},
      {{"--runs", "0"}, false, "volsync-gen inventory: --runs must be between 1 and 1000, got 0\n"},
      {{"--runs", "1001"}, false, "volsync-gen inventory: --runs must be between 1 and 1000, got 1001\n"},
      {{"a", "b"}, false, "volsync-gen inventory: unexpected argument \"b\" (see volsync-gen inventory --help)\n"},
  };
  for (const auto& c : cases) {
    CommandLine cl("volsync-gen inventory", "inventory", 0);
    cl.add()("runs", "runs", cxxopts::value<long long>()->default_value("3"));
    cl.positional("file", "[FILE]");
    auto p = parse(cl, c.words);
    ASSERT_TRUE(p.args) << p.err;
    testing::internal::CaptureStderr();
    const auto runs = cl.count(*p.args, "runs", 1, 1000);
    const auto files = cl.positionals(*p.args, "file", 1);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(runs && files, c.ok) << err;
    EXPECT_EQ(err, c.err);
  }
}

// Through the binary: every subcommand refuses what it does not take with exit 2 and one line on
// stderr, and reads nothing (stdin is a terminal-less /dev/null; a file that exists is named).
TEST(CommandLine, EverySubcommandRefusesStrayArgumentsAndBadCounts) {
  const std::string example = std::string(VG_SOURCE_DIR) + "/examples/resourcelist/input.yaml";
  const std::string config = std::string(VG_SOURCE_DIR) + "/testdata/legacy-plugin-stream/config.yaml";
  const std::string cases[] = {
      config + " extra",                                      // function (legacy plugin): one CONFIG_FILE
      "inventory " + example + " extra",
      "inventory --runs -5 " + example,
      "inventory --runs 0 " + example,
      "inventory --max-per-minute -1 " + example,
      "lint --list-rules extra",
      "render . extra --output out",
      "render .",
      "lint --max-input-bytes -5 " + example,
  };
  const std::string err = testing::TempDir() + "/usage-err-" + std::to_string(::getpid());
  for (const auto& args : cases) {
    const int rc = std::system((std::string(VG_BINARY) + " " + args + " </dev/null >/dev/null 2>" + err).c_str());
    std::FILE* f = std::fopen(err.c_str(), "r");
    std::string text;
    for (int c; f && (c = std::fgetc(f)) != EOF;) text += static_cast<char>(c);
    if (f) std::fclose(f);
    EXPECT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 2) << args << "\n" << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << args << "\n" << text;
  }
  std::remove(err.c_str());
}

}  // namespace
}  // namespace vg
