/**
 * Immutable records shared by every layer (spans, their events and links, rejected records, service
 * statistics) and their enumerations. Depends on nothing of ours but itself.
 */
package io.prodlab.model;
