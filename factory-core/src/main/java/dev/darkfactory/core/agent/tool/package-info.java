/**
 * The tools a coding agent calls: the {@link dev.darkfactory.core.agent.tool.Tool} interface,
 * the context every call runs in, and the default file and command tools, each confined to the
 * attempt's workspace.
 *
 * <p>{@link dev.darkfactory.core.agent.tool.DefaultTools} configures the defaults: {@code
 * read_file}, {@code write_file}, {@code edit_file}, {@code list_files}, {@code search_files} and
 * {@code run_command}. Every path a tool is given goes through {@link
 * dev.darkfactory.core.agent.tool.ToolContext#resolve}, and is checked again against its real
 * path before a file is read or written; writes never follow a link at the final component out
 * of the workspace, and never go into a {@code .git} directory or a path the sandbox policy keeps
 * read-only. {@link dev.darkfactory.core.agent.tool.OutputTruncation} cuts what a tool returns
 * down to what the model is sent.
 */
@NullMarked
package dev.darkfactory.core.agent.tool;

import org.jspecify.annotations.NullMarked;
