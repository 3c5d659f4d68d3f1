// The function's output as pieces: byte ranges of the input (untouched items, copied as they were)
// and of the text it wrote. Written piece by piece, a large input is never copied into a second string.
#pragma once
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "krm/scan.h"

namespace vg {

// A byte range of the input (an untouched item) or of the written text.
struct OutputPiece {
  bool from_input = false;
  std::size_t begin = 0;
  std::size_t size = 0;
};

// The whole output, and the same written to a file (false when a write fails).
std::string join_pieces(const std::vector<OutputPiece>& pieces, std::string_view input, std::string_view written);
bool write_pieces(std::FILE* out, const std::vector<OutputPiece>& pieces, std::string_view input,
                  std::string_view written);

// Appends pieces in output order. Adjacent ranges of the input become one piece.
class OutputBuilder {
 public:
  OutputBuilder(std::string_view input, std::vector<OutputPiece>& pieces, std::string& written)
      : input_(input), pieces_(pieces), written_(written) {}

  // Text appended to `written` between mark() and written_since(mark) becomes one piece.
  std::size_t mark() const { return written_.size(); }
  void written_since(std::size_t begin) { add(false, begin, written_.size() - begin); }
  void literal(std::string_view s);

  // An untouched item as an entry of `items:`. When the input already has it as `- ` at column 0
  // with its lines indented by two (what kpt and kustomize write), its bytes are the output;
  // otherwise it is re-indented, exactly as emit_list_item_text(item_text(...)) writes it.
  void list_item(const ItemSpan& span);
  // An untouched item as a document of a stream.
  void document(const ItemSpan& span);

 private:
  bool indented_by_two(const ItemSpan& span) const;
  void add_with_newline(std::size_t begin, std::size_t end);
  void add(bool from_input, std::size_t begin, std::size_t size);

  std::string_view input_;
  std::vector<OutputPiece>& pieces_;
  std::string& written_;
};

}  // namespace vg
