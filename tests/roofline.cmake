# The roofline: FLOPs and bytes per layer type, the arithmetic of attainable performance and
# efficiency (hand-computed), and the machine's ceilings (measured, stored, read back).
cnn_add_test(test_roofline SOURCES test_roofline.cpp)
cnn_add_test(test_machine SOURCES test_machine.cpp LIBS cnn_backends)
