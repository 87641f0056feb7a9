# The Graph: SSA values, shape inference as Caffe does it, per-layer costs, shape errors.
cnn_add_test(test_graph SOURCES test_graph.cpp)
