/**
 * The interactive dependency map: the picture of {@code io.prodlab.graph.MapPicture} on a canvas with
 * zoom, pan, minimap, search, focus, the side panel of a node or edge, the diff map and exports.
 */
package io.prodlab.ui.map;
