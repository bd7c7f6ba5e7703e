/**
 * The tools a coding agent calls: the {@link dev.darkfactory.core.agent.tool.Tool} interface,
 * the context every call runs in, and the default file and command tools, each confined to the
 * attempt's workspace.
 */
@NullMarked
package dev.darkfactory.core.agent.tool;

import org.jspecify.annotations.NullMarked;
