package io.github.espalier.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/** The generated nested {@code Options} record: how a model runs in this process. */
final class OptionsType {
    private OptionsType() {}

    static TypeSpec build(ClassName options) {
        return TypeSpec.recordBuilder(options)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("How the model runs in this process.\n\n")
                .addJavadoc("@param threads compute threads for one call, at least 1; idle threads park\n")
                .recordConstructor(MethodSpec.compactConstructorBuilder()
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(TypeName.INT, "threads")
                        .beginControlFlow("if (threads < 1)")
                        .addStatement(
                                "throw new $T($S + threads)",
                                IllegalArgumentException.class,
                                "threads must be >= 1, got ")
                        .endControlFlow()
                        .build())
                .addMethod(MethodSpec.methodBuilder("defaults")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(options)
                        .addJavadoc("One compute thread per available processor.\n\n@return the default options\n")
                        .addStatement("return new $T(Runtime.getRuntime().availableProcessors())", options)
                        .build())
                .addMethod(MethodSpec.methodBuilder("threads")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(options)
                        .addParameter(TypeName.INT, "count")
                        .addJavadoc("These options with another number of compute threads.\n\n")
                        .addJavadoc("@param count compute threads for one call, at least 1\n@return the new options\n")
                        .addStatement("return new $T(count)", options)
                        .build())
                .build();
    }
}
