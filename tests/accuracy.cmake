# Accuracy: IDX test sets read (test_labelled_images) and classified on every CPU library (test_accuracy).
cnn_add_test(test_labelled_images SOURCES test_labelled_images.cpp LIBS ZLIB::ZLIB)
cnn_add_test(test_accuracy SOURCES test_accuracy.cpp LIBS cnn_backends cnn_models)
