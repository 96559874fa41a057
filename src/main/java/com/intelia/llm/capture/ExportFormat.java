package com.intelia.llm.capture;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The training formats {@code GET /v1/datasets/export} writes, one JSON object a line.
 */
enum ExportFormat {

	/**
	 * {@code {"messages":[…]}}, OpenAI's chat fine-tuning format: the expert's correction
	 * where there is one, else an answer rated 1.
	 */
	OPENAI_SFT("openai-sft", "(f.correction IS NOT NULL OR f.rating = 1)"),

	/**
	 * {@code {"prompt":[…],"completion":[…],"label":…}}, TRL's unpaired preference format
	 * for KTO: every rated answer, labelled by its rating.
	 */
	TRL_KTO("trl-kto", "f.rating IN (-1, 1)"),

	/**
	 * {@code {"prompt":[…],"chosen":[…],"rejected":[…]}}, TRL's preference format for
	 * DPO: the correction chosen over the answer it corrects.
	 */
	TRL_DPO("trl-dpo", "f.correction IS NOT NULL");

	private final String id;

	private final String selection;

	ExportFormat(String id, String selection) {
		this.id = id;
		this.selection = selection;
	}

	/** The {@code format} parameter's value. */
	String id() {
		return this.id;
	}

	/** Which rated completions make examples, as an SQL condition on {@code f}. */
	String selection() {
		return this.selection;
	}

	static @Nullable ExportFormat of(String id) {
		return Arrays.stream(values()).filter((format) -> format.id.equals(id)).findFirst().orElse(null);
	}

	static String ids() {
		return Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", "));
	}

}
