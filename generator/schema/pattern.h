// CRD `pattern`s, matched the way the API server matches them. Kubernetes compiles a pattern with
// Go's regexp package, which is RE2: matching with RE2 itself gives exactly its syntax and meaning
// (UTF-8 code points, `\s` without `\v`, no backreferences or lookaround) in time linear in the
// value, so any value can be checked, however long.
#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace vg {

// A compiled pattern, shared: a CRD repeats the same pattern (quantities, names) in many fields and
// each distinct text is compiled once per process.
class Pattern {
 public:
  // nullptr and `error` set when Go would reject the pattern.
  static std::shared_ptr<const Pattern> compile(std::string_view text, std::string& error);

  // Unanchored search, as Kubernetes does: "^a" and "a$" anchor only where they say so.
  bool matches(std::string_view value) const;
  const std::string& text() const { return text_; }

  explicit Pattern(std::string text, std::unique_ptr<const re2::RE2> re);
  ~Pattern();

 private:
  std::string text_;
  std::unique_ptr<const re2::RE2> re_;
};

}  // namespace vg
