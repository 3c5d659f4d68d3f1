// Writes YAML text. Generated objects are written from Docs with our own block-style
// writer (yaml-cpp's emitter drops quotes: "0700" would come back as the number 448); untouched
// input items are copied from their original bytes.
#pragma once
#include <string>
#include <string_view>

#include "yaml/doc.h"

namespace vg {

// True when a scalar must be treated as a string: quoted in the source ("!"), explicitly tagged
// !!str, or built with Doc::string.
bool is_string_scalar(const Doc& n);

// Appends `node` as block YAML at `indent` spaces. Sequences are compact (`- ` under the key),
// the layout kyaml and kpt write. Bounded: aliased cycles are refused by the scanner upstream,
// and depth is capped here as a second guard.
void emit_block(std::string& out, const Doc& node, int indent);

// Appends `node` in flow style on one line (`{a: 1, b: [x]}`), with the scalars written as
// emit_block writes them: for an object edited inside a flow collection (a JSON List).
void emit_flow(std::string& out, const Doc& node);

// Appends an item of a block sequence: "- " + object, continuation lines indented by 2.
void emit_list_item(std::string& out, const Doc& node);
// Appends raw item text (column-0 normalized) as a block sequence entry.
void emit_list_item_text(std::string& out, std::string_view text);

// Appends `key:` with raw object text (column-0 normalized) as its value, indented by 2.
void emit_key_with_text(std::string& out, std::string_view key, std::string_view text, bool flow);

}  // namespace vg
