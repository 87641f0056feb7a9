#pragma once
// The field names caffe.proto gives the messages of a deploy prototxt, so a misspelt field is an
// error naming it, as in Caffe's own reader, rather than silently ignored (internal to the parser).
#include <string>
#include <string_view>
#include <vector>

#include "core/model/prototxt_values.h"

namespace cnn {

// Fails at the first of `fields` that caffe.proto's message `message` (its name in the file, e.g.
// "convolution_param", or "net" / "layer" for the top level and a layer) does not have:
// "convolution_param has no field 'strid' (did you mean 'stride'?)". Fields Caffe knows but this
// program does not use (fillers, engines, training settings) pass. `label` names the message in the
// error instead ("layer 'conv1'").
void check_fields(const FieldReader& r, std::string_view message, const std::vector<text_format::Field>& fields,
                  const std::string& label = {});

}  // namespace cnn
