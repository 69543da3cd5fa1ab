/**
 * ONNX export of Marquee-trained tabular models. {@link dev.marquee.onnx.OnnxExport} reads a model artifact and
 * writes one ONNX graph with the fitted preprocessing ({@code PipelineGraph}) and the model ({@code ModelGraphs},
 * {@code TreeGraphs}) in it, so any ONNX Runtime scores raw columns exactly as Marquee does.
 *
 * <p>Why a module of its own: the export needs the ONNX protobuf classes (Tribuo's {@code tribuo-util-onnx}, on
 * {@code protobuf-java}) and knows every classic model type; putting it in core would give core a protobuf dependency
 * and an SPI that only one module implements, and putting it in classic would make algorithm modules depend on a
 * serialisation format. Here it depends on core and classic, and the server depends on it. It builds the graph with
 * the generated {@code ai.onnx.proto.OnnxMl} messages directly: Tribuo's {@code org.tribuo.util.onnx} helper only
 * declares FP32 inputs, while the export needs DOUBLE and STRING inputs and tensor-valued attributes.
 */
package dev.marquee.onnx;
