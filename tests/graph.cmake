# The Graph: SSA values, shape inference as Caffe does it, per-layer costs, shape errors.
cnn_add_qtest(test_graph SOURCES test_graph.cpp)
set_target_properties(test_graph PROPERTIES AUTOMOC ON)
