/**
 * {@code /v1/chat/completions}: OpenAI wire types, their translation to and from
 * LangChain4j, and streaming.
 */
@NullMarked
package com.intelia.llm.chat;

import org.jspecify.annotations.NullMarked;
